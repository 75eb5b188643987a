using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Sessions;

namespace Portico.Web.Features.SignIn;

/// <summary>The account picker: the password matched a work and a personal account with the same email.</summary>
public sealed class ChooseAccountModel(AppDbContext db, SignInService signIn, IDataProtectionProvider dataProtection) : PageModel
{
    public sealed record Tile(Guid AccountId, AccountKind Kind, string? OrganizationName);

    public IReadOnlyList<Tile> Tiles { get; private set; } = [];

    public string Ticket { get; private set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Ticket = TempData["SelectionTicket"] as string ?? "";
        var ids = SelectionTicket.Unprotect(dataProtection, Ticket);
        if (ids.Count == 0)
        {
            return RedirectToPage("/SignIn/Index");
        }

        Tiles = await db.Users.AsNoTracking()
            .Where(a => ids.Contains(a.Id))
            .OrderBy(a => a.Kind)
            .Select(a => new Tile(a.Id, a.Kind, a.Organization != null ? a.Organization.DisplayName : null))
            .ToListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? ticket, Guid accountId, CancellationToken cancellationToken)
    {
        var ids = SelectionTicket.Unprotect(dataProtection, ticket);
        if (!ids.Contains(accountId))
        {
            return RedirectToPage("/SignIn/Index");
        }

        var outcome = await signIn.CompleteSelectionAsync(accountId, SessionClient.Web, HttpContext, cancellationToken);
        return outcome is SignInOutcome.Succeeded s
            ? IndexModel.SignedIn(HttpContext, s, ReturnUrl)
            : RedirectToPage("/SignIn/Index");
    }
}
