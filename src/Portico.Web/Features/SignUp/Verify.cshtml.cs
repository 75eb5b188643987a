using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure.RateLimiting;
using Portico.Web.Resources;

namespace Portico.Web.Features.SignUp;

/// <summary>Confirms the emailed 6-digit code and creates the personal account.</summary>
/// <remarks>
/// Blocks code guessing together with <see cref="PersonalAccountService.VerifyAsync"/> (5 attempts per code, 15
/// minutes) and the per-IP rate limit. A wrong, used-up or expired code all get the same message.
/// </remarks>
[EnableRateLimiting(RateLimitPolicies.PublicForm)]
public sealed class VerifyModel(PersonalAccountService service, IStringLocalizer<SharedResource> t) : PageModel
{
    private const string DoneKey = "SignUpDone";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>True after a successful verification (post/redirect/get).</summary>
    public bool Done { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.required")]
        [EmailAddress(ErrorMessage = "Validation.invalid_email")]
        [StringLength(Account.EmailMaxLength, ErrorMessage = "Validation.too_long_field")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.required")]
        [StringLength(16, ErrorMessage = "Validation.too_long_field")]
        public string Code { get; set; } = "";
    }

    public void OnGet()
    {
        Done = TempData[DoneKey] is true;
        if (TempData.Peek(IndexModel.EmailKey) is string email)
        {
            Input.Email = email;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var account = await service.VerifyAsync(Input.Email, Input.Code, cancellationToken);
        if (account is null)
        {
            ModelState.AddModelError("Input.Code", t["Error.invalid_code"]);
            Input.Code = "";
            return Page();
        }

        TempData.Remove(IndexModel.EmailKey);
        TempData["Status"] = t["SignUp.Verified"].Value;
        TempData[DoneKey] = true;
        return RedirectToPage("/SignUp/Verify");
    }
}
