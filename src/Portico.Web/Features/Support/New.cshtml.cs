using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Infrastructure.RateLimiting;
using Portico.Web.Resources;

namespace Portico.Web.Features.Support;

/// <summary>Contact support (SPEC §9), signed out or signed in; <c>category</c> and <c>email</c> in the query pre-fill it.</summary>
/// <remarks>
/// Blocks account enumeration and mail flooding: signed out, every valid submission ends on the same confirmation
/// page, whether or not the email has an account and whether or not the per-email limit dropped it. Rate-limited per IP.
/// </remarks>
[AllowAnonymous]
[EnableRateLimiting(RateLimitPolicies.PublicForm)]
public sealed class NewModel(SupportService support, IStringLocalizer<SharedResource> t) : PageModel
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["category"] = "Input.Category",
        ["description"] = "Input.Description",
        ["contactEmail"] = "Input.ContactEmail",
    };

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public IReadOnlyList<string> Categories => SupportCategories.All;

    public sealed class InputModel
    {
        public string? Category { get; set; }

        public string? Description { get; set; }

        public string? ContactEmail { get; set; }
    }

    public void OnGet(string? category, string? email)
    {
        Input.Category = SupportCategories.IsCategory(category) ? category : null;
        Input.ContactEmail = SignedIn
            ? User.FindFirst(PorticoClaims.Email)?.Value
            : email is not null && Validate.IsEmail(email) ? email.Trim() : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Note: the API's rules, so the page and the API refuse the same input with the same messages.
        ModelState.Clear();
        var validate = SupportApi.Check(new Validate(t), Input.Category, Input.Description, Input.ContactEmail);
        foreach (var error in validate.Errors)
        {
            ModelState.AddModelError(Fields[error.Field], error.Message);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await support.SubmitAsync(new SupportSubmission(Input.Category!, Input.Description!, Input.ContactEmail!), User, cancellationToken);
        if (!SignedIn)
        {
            return RedirectToPage("/Support/Sent");
        }

        if (result.Limited)
        {
            ModelState.AddModelError("", t["Support.TooMany"]);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        TempData["Status"] = t["Support.Created", result.Request!.Number].Value;
        return RedirectToPage("/Support/Request", new { id = result.Request.Id });
    }
}
