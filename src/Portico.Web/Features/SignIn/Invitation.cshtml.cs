using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Users;
using Portico.Web.Infrastructure.Passwords;
using Portico.Web.Infrastructure.RateLimiting;
using Portico.Web.Resources;

namespace Portico.Web.Features.SignIn;

/// <summary>
/// Accepting an invitation: the emailed single-use link lets the invited person choose their password.
/// </summary>
/// <remarks>
/// The link carries an Identity user token bound to the account's security stamp; choosing a password rotates the
/// stamp, so the link works once, and an admin reset or a newer invitation voids it. A wrong, used or expired link
/// gets one generic answer.
/// </remarks>
[EnableRateLimiting(RateLimitPolicies.PublicForm)]
public sealed class InvitationModel(
    AppDbContext db,
    UserManager<Accounts.Account> userManager,
    PasswordSetter setter,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public Guid UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Validation.required")]
    [PasswordLength]
    public string NewPassword { get; set; } = "";

    public bool LinkValid { get; private set; }

    public string? DisplayName { get; private set; }

    public async Task OnGetAsync() => await CheckAsync();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var account = await CheckAsync();
        if (account is null || !ModelState.IsValid)
        {
            return Page();
        }

        var rules = setter.Check(account, NewPassword);
        if (rules.Count > 0)
        {
            foreach (var rule in rules)
            {
                ModelState.AddModelError(nameof(NewPassword), t["PasswordRule." + rule]);
            }

            return Page();
        }

        await setter.SetAsync(account, NewPassword, PasswordSetPurpose.InvitationAccepted, cancellationToken, actorAccountId: account.Id);
        TempData["Status"] = t["Invitation.Done"].Value;
        return RedirectToPage("/SignIn/Index", new { email = account.Email });
    }

    private async Task<Accounts.Account?> CheckAsync()
    {
        var account = Token is { Length: > 0 and < 2048 }
            ? await db.Users.Include(a => a.Organization).SingleOrDefaultAsync(a => a.Id == UserId && a.Kind == AccountKind.Work && !a.IsBlocked)
            : null;
        LinkValid = account is not null
            && await userManager.VerifyUserTokenAsync(account, TokenOptions.DefaultProvider, UserManagementService.InvitationPurpose, Token!);
        DisplayName = LinkValid ? account!.DisplayName : null;
        return LinkValid ? account : null;
    }
}
