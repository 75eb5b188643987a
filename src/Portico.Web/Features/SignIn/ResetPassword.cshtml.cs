using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portico.Web.Features.Recovery;
using Portico.Web.Infrastructure.Passwords;
using Portico.Web.Infrastructure.RateLimiting;
using Portico.Web.Resources;

namespace Portico.Web.Features.SignIn;

/// <summary>The page a recovery link opens: choose a new password (and enter a code when the organization requires two methods).</summary>
[EnableRateLimiting(RateLimitPolicies.PublicForm)]
public sealed class ResetPasswordModel(PasswordRecoveryService service, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Validation.required")]
    [PasswordLength]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    [StringLength(32, ErrorMessage = "Validation.too_long_field")]
    public string? Code { get; set; }

    /// <summary>Why the link cannot be used (an <c>Error.*</c> code), or null.</summary>
    public string? LinkError { get; private set; }

    public bool NeedsCode { get; private set; }

    public int MinimumLength { get; private set; } = PasswordPolicy.MinLengthWithoutMfa;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await CheckAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await CheckAsync(cancellationToken) || !ModelState.IsValid)
        {
            return Page();
        }

        var result = await service.CompleteAsync(Token, NewPassword, Code, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Status"] = t["ResetPassword.Done"].Value;
            return RedirectToPage("/SignIn/Index");
        }

        if (result.Rules is { } rules)
        {
            foreach (var rule in rules)
            {
                ModelState.AddModelError(nameof(NewPassword), t["PasswordRule." + rule]);
            }
        }
        else if (result.Error is RecoveryErrors.CodeRequired or Infrastructure.Api.ErrorCodes.InvalidCode)
        {
            ModelState.AddModelError(nameof(Code), t["Error." + result.Error]);
        }
        else
        {
            LinkError = result.Error;
        }

        return Page();
    }

    private async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        var (account, needsCode, refusal) = await service.CheckLinkAsync(Token, cancellationToken);
        LinkError = refusal?.Error;
        NeedsCode = needsCode;
        if (account?.TwoFactorEnabled == true)
        {
            MinimumLength = PasswordPolicy.MinLengthWithMfa;
        }

        return refusal is null;
    }
}
