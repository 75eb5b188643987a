using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Sessions;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.SignIn;

/// <summary>
/// "Switch account": ends this session and returns to sign-in with the email filled in, so the user signs in to the
/// other account with its own password.
/// </summary>
public sealed class SwitchModel(AppDbContext db, SessionService sessions, AuditTrail audit) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.AccountId() is not { } accountId || User.SessionId() is not { } sessionId)
        {
            return RedirectToPage("/SignIn/Index");
        }

        var email = await db.Users.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.Email).SingleAsync(cancellationToken);
        await sessions.EndAsync(accountId, sessionId, SessionEndReason.SignedOut, cancellationToken);
        audit.Record(AuditEventType.SignedOut, User.OrganizationId(), accountId, new { reason = "switch_account" });
        await db.SaveChangesAsync(cancellationToken);
        Response.Cookies.Delete(PorticoSessionOptions.CookieName);
        return RedirectToPage("/SignIn/Index", new { email });
    }
}
