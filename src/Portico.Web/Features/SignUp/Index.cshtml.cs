using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Infrastructure.Passwords;
using Portico.Web.Infrastructure.RateLimiting;
using Portico.Web.Resources;

namespace Portico.Web.Features.SignUp;

/// <summary>Personal-account sign-up (SPEC §2): name, email and password, then an emailed 6-digit code.</summary>
/// <remarks>
/// Blocks account enumeration: apart from password-rule refusals (which depend only on what was typed), the answer
/// is the same whether or not the email already has a personal account; <see cref="PersonalAccountService"/> mails
/// the owner instead. Rate-limited per IP like every public form.
/// </remarks>
[EnableRateLimiting(RateLimitPolicies.PublicForm)]
public sealed class IndexModel(PersonalAccountService service, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>TempData key that carries the address to the Verify page without putting it in a URL.</summary>
    public const string EmailKey = "SignUpEmail";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public int MinimumLength => PasswordPolicy.MinLengthWithoutMfa;

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.required")]
        [StringLength(Account.DisplayNameMaxLength, ErrorMessage = "Validation.too_long_field")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Validation.required")]
        [EmailAddress(ErrorMessage = "Validation.invalid_email")]
        [StringLength(Account.EmailMaxLength, ErrorMessage = "Validation.too_long_field")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.required")]
        [PasswordLength]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Note: the same guards as the API (control characters, a real address) before anything is hashed or stored.
        if (Input.DisplayName.Any(char.IsControl))
        {
            ModelState.AddModelError("Input.DisplayName", t["Validation.invalid_characters"]);
        }

        if (ModelState.GetFieldValidationState("Input.Email") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && !Validate.IsEmail(Input.Email))
        {
            ModelState.AddModelError("Input.Email", t["Validation.invalid_email"]);
        }

        if (Input.Password.Any(char.IsControl))
        {
            ModelState.AddModelError("Input.Password", t["Validation.invalid_characters"]);
        }

        if (!ModelState.IsValid)
        {
            Input.Password = "";
            return Page();
        }

        var rules = await service.StartAsync(Input.Email, Input.Password, Input.DisplayName, CultureInfo.CurrentUICulture.Name, cancellationToken);
        if (rules.Count > 0)
        {
            foreach (var rule in rules)
            {
                ModelState.AddModelError("Input.Password", t["PasswordRule." + rule]);
            }

            Input.Password = "";
            return Page();
        }

        TempData[EmailKey] = Input.Email.Trim();
        TempData["Status"] = t["SignUp.CodeSent"].Value;
        return RedirectToPage("/SignUp/Verify");
    }
}
