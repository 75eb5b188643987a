using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Sessions;
using Portico.Web.Features.SignIn;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Accounts;

public sealed record RoleResponse(string Role, Guid? LocationId);

public sealed record MeResponse(
    AccountSummary Account,
    IReadOnlyList<RoleResponse> Roles,
    IReadOnlyList<string> Capabilities,
    IReadOnlyList<AccountChoiceResponse> OtherAccounts,
    IReadOnlyList<string> OperatorRoles,
    bool MustChangePassword,
    bool MfaCompleted,
    string? PreferredLanguage);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record SessionInfo(Guid Id, string Client, DateTime CreatedUtc, DateTime LastSeenUtc, string? UserAgent, string? IpAddress, bool Current);

public sealed record PasswordRuleResponse(string Code, string Message);

public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder api)
    {
        var me = api.MapGroup("/me").RequireAuthorization();
        me.MapGet("", GetAsync).WithName("GetMe").WithSummary("The signed-in account, its roles, capabilities and other accounts with the same email.");
        me.MapPost("/password", ChangePasswordAsync).WithName("ChangePassword").WithSummary("Changes the signed-in account's password; other sessions end.");
        me.MapGet("/sessions", ListSessionsAsync).WithName("ListSessions").WithSummary("The account's open sessions.");
        me.MapDelete("/sessions/{sessionId:guid}", EndSessionAsync).WithName("EndSession").WithSummary("Ends one of the account's sessions.");
        return api;
    }

    internal static async Task<IResult> GetAsync(HttpContext http, AppDbContext db, CancellationToken cancellationToken)
    {
        var accountId = http.User.AccountId()!.Value;
        var account = await db.Users.AsNoTracking().Include(a => a.Organization).Include(a => a.RoleAssignments)
            .SingleAsync(a => a.Id == accountId, cancellationToken);
        var others = await OtherAccountsAsync(db, account, cancellationToken);
        var capabilities = new List<string>();
        if (account.OrganizationId is { } orgId)
        {
            var facts = await CapabilityHandler.LoadFactsAsync(db, orgId, cancellationToken);
            var subject = CapabilityHandler.Subject(http.User);
            capabilities.AddRange(AccessCatalog.CapabilityList
                .Where(c => AccessEvaluator.Evaluate(c.Id, subject, facts).Allowed)
                .Select(c => c.Id));
        }

        return TypedResults.Ok(new MeResponse(
            SessionApi.ToSummary(account),
            account.RoleAssignments.Select(r => new RoleResponse(r.Role, r.LocationId)).ToList(),
            capabilities,
            others,
            http.User.FindAll(PorticoClaims.OperatorRole).Select(c => c.Value).ToList(),
            account.MustChangePassword,
            http.User.HasClaim(PorticoClaims.MfaCompleted, "true"),
            account.PreferredCulture));
    }

    /// <summary>Other accounts under the same (verified) email: the "switch account" targets.</summary>
    public static async Task<List<AccountChoiceResponse>> OtherAccountsAsync(AppDbContext db, Account account, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(a => a.NormalizedEmail == account.NormalizedEmail && a.Id != account.Id && a.EmailConfirmed)
            .Select(a => new AccountChoiceResponse(a.Kind.ToString(), a.OrganizationId, a.Organization != null ? a.Organization.DisplayName : null))
            .ToListAsync(cancellationToken);

    internal static async Task<IResult> ChangePasswordAsync(
        ChangePasswordRequest? request, HttpContext http, PasswordChangeService service, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var validate = Validate.For(http).Password("currentPassword", request.CurrentPassword).Password("newPassword", request.NewPassword);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var result = await service.ChangeAsync(http.User.AccountId()!.Value, http.User.SessionId()!.Value, request.CurrentPassword!, request.NewPassword!, cancellationToken);
        return result switch
        {
            PasswordChangeResult.Changed => TypedResults.NoContent(),
            PasswordChangeResult.Rejected r => PasswordRejected(r.Rules, t),
            _ => ApiProblem.BadRequest(ErrorCodes.CurrentPasswordIncorrect),
        };
    }

    public static ApiProblem PasswordRejected(IReadOnlyList<string> rules, IStringLocalizer<SharedResource> t) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.PasswordRejected, extensions: new Dictionary<string, object?>
        {
            ["reasons"] = rules.Select(r => new PasswordRuleResponse(r, t["PasswordRule." + r].Value)).ToList(),
        });

    internal static async Task<Ok<List<SessionInfo>>> ListSessionsAsync(HttpContext http, AppDbContext db, TimeProvider time, IOptions<PorticoSessionOptions> options, CancellationToken cancellationToken)
    {
        var sessions = await OpenSessionsAsync(db, http.User.AccountId()!.Value, http.User.SessionId(), time.GetUtcNow().UtcDateTime, options.Value.IdleTimeout, cancellationToken);
        return TypedResults.Ok(sessions);
    }

    /// <summary>The account's open sessions, most recently used first, as the API and the My account page list them.</summary>
    public static Task<List<SessionInfo>> OpenSessionsAsync(
        AppDbContext db, Guid accountId, Guid? current, DateTime nowUtc, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        // Note: a session idle for longer than the timeout no longer authenticates, so it is not listed as open.
        var idleCutoff = nowUtc - idleTimeout;
        return db.Sessions.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.EndedUtc == null && s.ExpiresUtc > nowUtc && s.LastSeenUtc > idleCutoff)
            .OrderByDescending(s => s.LastSeenUtc)
            .Select(s => new SessionInfo(s.Id, s.Client.ToString(), s.CreatedUtc, s.LastSeenUtc, s.UserAgent, s.IpAddress, s.Id == current))
            .ToListAsync(cancellationToken);
    }

    internal static async Task<IResult> EndSessionAsync(Guid sessionId, HttpContext http, SessionService sessions, AuditTrail audit, AppDbContext db, CancellationToken cancellationToken)
    {
        var accountId = http.User.AccountId()!.Value;
        if (!await sessions.EndAsync(accountId, sessionId, SessionEndReason.EndedByUser, cancellationToken))
        {
            return new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
        }

        audit.Record(AuditEventType.SessionEnded, http.User.OrganizationId(), accountId, new { sessionId });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
