using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Sessions;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features;

/// <summary>Sign-out is a POST (with antiforgery) so a link or image elsewhere cannot sign the user out.</summary>
[AllowAnonymous]
public sealed class SignOutModel(AppDbContext db, SessionService sessions, AuditTrail audit) : PageModel
{
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Page() : RedirectToPage("/SignIn/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.AccountId() is { } accountId && User.SessionId() is { } sessionId
            && await sessions.EndAsync(accountId, sessionId, SessionEndReason.SignedOut, cancellationToken))
        {
            audit.Record(AuditEventType.SignedOut, User.OrganizationId(), accountId);
            await db.SaveChangesAsync(cancellationToken);
        }

        Response.Cookies.Delete(PorticoSessionOptions.CookieName);
        return RedirectToPage("/SignIn/Index");
    }
}
