using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Sessions;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Profile;

/// <summary>"My account": the signed-in user's profile basics and open sessions, each of which they can end.</summary>
public sealed class SessionsModel(AppDbContext db, SessionService sessions, AuditTrail audit, TimeProvider time, Microsoft.Extensions.Options.IOptions<PorticoSessionOptions> options, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record ProfileView(string DisplayName, string? Email, AccountKind Kind, string? OrganizationName, string? PreferredCulture);

    public ProfileView Profile { get; private set; } = new("", null, AccountKind.Work, null, null);

    public IReadOnlyList<SessionInfo> OpenSessions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var accountId = User.AccountId()!.Value;
        Profile = await db.Users.AsNoTracking()
            .Where(a => a.Id == accountId)
            .Select(a => new ProfileView(a.DisplayName, a.Email, a.Kind, a.Organization != null ? a.Organization.DisplayName : null, a.PreferredCulture))
            .SingleAsync(cancellationToken);
        var open = await MeApi.OpenSessionsAsync(db, accountId, User.SessionId(), time.GetUtcNow().UtcDateTime, options.Value.IdleTimeout, cancellationToken);
        OpenSessions = [.. open.OrderByDescending(s => s.Current)];
    }

    /// <summary>Ends one of the user's own sessions (audited like <c>DELETE /api/v1/me/sessions/{id}</c>).</summary>
    public async Task<IActionResult> OnPostEndAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var accountId = User.AccountId()!.Value;

        // Note: EndAsync matches the session and the account together, so a posted id of someone else's session ends nothing.
        if (!await sessions.EndAsync(accountId, sessionId, SessionEndReason.EndedByUser, cancellationToken))
        {
            TempData["Status"] = t["Sessions.AlreadyEnded"].Value;
            return RedirectToPage();
        }

        audit.Record(AuditEventType.SessionEnded, User.OrganizationId(), accountId, new { sessionId });
        await db.SaveChangesAsync(cancellationToken);

        if (sessionId == User.SessionId())
        {
            Response.Cookies.Delete(PorticoSessionOptions.CookieName);
            TempData["Status"] = t["Sessions.EndedCurrent"].Value;
            return RedirectToPage("/SignIn/Index");
        }

        TempData["Status"] = t["Sessions.Ended"].Value;
        return RedirectToPage();
    }
}
