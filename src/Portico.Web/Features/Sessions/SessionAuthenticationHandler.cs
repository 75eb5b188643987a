using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Sessions;

/// <summary>
/// Authenticates every request from a server-side session: the browser's <c>portico_session</c> cookie or an API
/// <c>Authorization: Bearer</c> token, both opaque and looked up by their SHA-256.
/// </summary>
/// <remarks>
/// Blocks use of a session after it should have ended: the session row, the account's block flag and its role
/// assignments are re-read on every request, so sign-out elsewhere, a password change, a block or a role removal
/// takes effect on the next request on every node. Page requests are redirected to sign-in; API requests get
/// problem documents.
/// </remarks>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AppDbContext db,
    TimeProvider time,
    IOptions<PorticoSessionOptions> sessionOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PorticoSession";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var hash = SessionService.HashToken(token);
        var row = await db.Sessions.AsNoTracking()
            .Where(s => s.TokenHash == hash && s.EndedUtc == null && s.ExpiresUtc > now)
            .Join(db.Users, s => s.AccountId, a => a.Id, (s, a) => new
            {
                Session = s,
                a.Kind,
                a.OrganizationId,
                OrganizationName = a.Organization != null ? a.Organization.DisplayName : null,
                a.DisplayName,
                a.Email,
                a.IsBlocked,
                a.MustChangePassword,
                a.PreferredCulture,
                Roles = a.RoleAssignments.Select(r => new { r.Role, r.LocationId }).ToList(),
                OperatorRoles = db.UserClaims.Where(c => c.UserId == a.Id && c.ClaimType == PorticoClaims.OperatorRole).Select(c => c.ClaimValue).ToList(),
            })
            .AsSplitQuery()
            .SingleOrDefaultAsync(Context.RequestAborted);

        if (row is null || row.IsBlocked || row.Session.LastSeenUtc + sessionOptions.Value.IdleTimeout < now)
        {
            return AuthenticateResult.Fail("Session not valid.");
        }

        if (now - row.Session.LastSeenUtc > TimeSpan.FromMinutes(1))
        {
            // Note: throttled so a busy client does not write on every request.
            await db.Sessions.Where(s => s.Id == row.Session.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenUtc, now), Context.RequestAborted);
        }

        var claims = new List<Claim>
        {
            new(PorticoClaims.AccountId, row.Session.AccountId.ToString()),
            new(PorticoClaims.SessionId, row.Session.Id.ToString()),
            new(PorticoClaims.Kind, row.Kind.ToString()),
            new(PorticoClaims.DisplayName, row.DisplayName),
            new(PorticoClaims.Email, row.Email ?? ""),
        };
        if (row.OrganizationId is { } orgId)
        {
            claims.Add(new(PorticoClaims.OrganizationId, orgId.ToString()));
            claims.Add(new(PorticoClaims.OrganizationName, row.OrganizationName ?? ""));
        }

        if (row.Session.MfaCompleted)
        {
            claims.Add(new(PorticoClaims.MfaCompleted, "true"));
        }

        if (row.Session.MfaPending)
        {
            claims.Add(new(PorticoClaims.MfaPending, "true"));
        }

        if (row.MustChangePassword)
        {
            claims.Add(new(PorticoClaims.MustChangePassword, "true"));
        }

        if (row.PreferredCulture is { } culture)
        {
            claims.Add(new(PorticoClaims.Culture, culture));
        }

        foreach (var role in row.Roles)
        {
            claims.Add(new(PorticoClaims.Role, role.LocationId is { } location ? $"{role.Role}@{location}" : role.Role));
        }

        foreach (var role in row.OperatorRoles)
        {
            claims.Add(new(PorticoClaims.OperatorRole, role ?? ""));
        }

        var identity = new ClaimsIdentity(claims, SchemeName, PorticoClaims.DisplayName, PorticoClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (IsApiRequest(Request))
        {
            Response.Headers.WWWAuthenticate = "Bearer";
            await new ApiProblem(StatusCodes.Status401Unauthorized, ErrorCodes.AuthenticationRequired).ExecuteAsync(Context);
            return;
        }

        var returnUrl = Request.PathBase + Request.Path + Request.QueryString;
        Response.Redirect($"{Request.PathBase}/SignIn?returnUrl={Uri.EscapeDataString(returnUrl)}");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (IsApiRequest(Request))
        {
            // Note: no dead ends (SPEC §1): a 403 carries the same decision tree as the explainer.
            IReadOnlyDictionary<string, object?>? extensions = null;
            if (Context.Items[Authorization.CapabilityHandler.DecisionItemKey] is Authorization.AccessDecision decision)
            {
                var explainer = Context.RequestServices.GetRequiredService<Access.AccessExplainer>();
                var organizationId = Context.GetRouteValue("orgId") is { } route && Guid.TryParse(route.ToString(), out var id) ? id : Context.User.OrganizationId();
                var explanation = Authorization.CapabilityHandler.IsDelegated(decision)
                    ? await explainer.ExplainAsync(decision, organizationId, Context.RequestAborted, Context.User.OrganizationId())
                    : await explainer.ExplainAsync(decision, organizationId == Context.User.OrganizationId() ? organizationId : null, Context.RequestAborted);
                extensions = new Dictionary<string, object?> { ["explanation"] = explanation };
            }

            await new ApiProblem(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, extensions: extensions).ExecuteAsync(Context);
            return;
        }

        // Note: the decision the capability handler kept on this request does not survive the redirect, so the
        // capability goes along and the Access denied page evaluates it again for the same user.
        var returnUrl = Request.PathBase + Request.Path + Request.QueryString;
        var capability = Context.Items[CapabilityHandler.DecisionItemKey] is AccessDecision denied
            ? "&capability=" + Uri.EscapeDataString(denied.Capability)
            : "";
        Response.Redirect($"{Request.PathBase}/AccessDenied?returnUrl={Uri.EscapeDataString(returnUrl)}{capability}");
    }

    public static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static string? ReadToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var value = header["Bearer ".Length..].Trim();
            return value.Length is > 0 and <= 128 ? value : null;
        }

        var cookie = request.Cookies[PorticoSessionOptions.CookieName];
        return cookie is { Length: > 0 and <= 128 } ? cookie : null;
    }
}
