using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Passwords;
using Portico.Web.Resources;

namespace Portico.Web.Features.Profile;

public sealed class ChangePasswordModel(PasswordChangeService service, Data.AppDbContext db, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Forced => User.MustChangePassword();

    /// <summary>The policy's minimum for this account: shorter with MFA registered (NIST SP 800-63B rev 4).</summary>
    public int MinimumLength { get; private set; } = PasswordPolicy.MinLengthWithoutMfa;

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.required")]
        [PasswordLength]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Validation.required")]
        [PasswordLength]
        public string NewPassword { get; set; } = "";
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await service.ChangeAsync(User.AccountId()!.Value, User.SessionId()!.Value, Input.CurrentPassword, Input.NewPassword, cancellationToken);
        switch (result)
        {
            case PasswordChangeResult.Changed:
                TempData["Status"] = t["ChangePassword.Done"].Value;
                return LocalRedirect(Portico.Web.Features.SignIn.IndexModel.SafeReturnUrl(ReturnUrl));
            case PasswordChangeResult.Rejected rejected:
                foreach (var rule in rejected.Rules)
                {
                    ModelState.AddModelError("Input.NewPassword", t["PasswordRule." + rule]);
                }

                return Page();
            default:
                ModelState.AddModelError("Input.CurrentPassword", t["Error.current_password_incorrect"]);
                return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var accountId = User.AccountId();
        if (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Users, a => a.Id == accountId && a.TwoFactorEnabled, cancellationToken))
        {
            MinimumLength = PasswordPolicy.MinLengthWithMfa;
        }
    }
}
