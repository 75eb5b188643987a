using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Portico.Web.Features.Recovery;
using Portico.Web.Infrastructure.RateLimiting;

namespace Portico.Web.Features.SignIn;

/// <summary>
/// "Can't access your account?": takes an email and always answers the same; the personalised next step goes to
/// that mailbox (a reset link, or who can reset the password).
/// </summary>
[EnableRateLimiting(RateLimitPolicies.PublicForm)]
public sealed class RecoverModel(RecoveryRequestChannel queue) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Validation.required")]
    [EmailAddress(ErrorMessage = "Validation.invalid_email")]
    [StringLength(Accounts.Account.EmailMaxLength, ErrorMessage = "Validation.too_long_field")]
    [RegularExpression(@"^\P{Cc}*$", ErrorMessage = "Validation.invalid_characters")]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public void OnGet(string? email)
    {
        if (!string.IsNullOrEmpty(email) && email.Length <= Accounts.Account.EmailMaxLength)
        {
            Email = email;
        }
    }

    public IActionResult OnPost()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        queue.TryEnqueue(new RecoveryRequest(Email.Trim(), CultureInfo.CurrentUICulture.Name, HttpContext.Connection.RemoteIpAddress?.ToString()));
        Sent = true;
        return Page();
    }
}
