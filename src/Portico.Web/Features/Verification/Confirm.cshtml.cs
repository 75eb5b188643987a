using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Portico.Web.Features.Verification;

/// <summary>
/// The email-ownership link's landing page. Opening it shows a button; only the POST spends the single-use link, so
/// a mail scanner that fetches links does not confirm anything. Works signed out: the link itself is the proof.
/// </summary>
[AllowAnonymous]
public sealed class ConfirmModel(VerificationService verification) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Org { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public bool Done { get; private set; }

    public bool Invalid { get; private set; }

    public void OnGet() => Invalid = Org == Guid.Empty || string.IsNullOrEmpty(Token);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Org == Guid.Empty || string.IsNullOrEmpty(Token) || Token.Length > 128)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var outcome = await verification.ConfirmEmailAsync(Org, Token, cancellationToken);
        Done = outcome.Succeeded;
        Invalid = !outcome.Succeeded;
        if (Invalid)
        {
            Response.StatusCode = outcome.StatusCode;
        }

        return Page();
    }
}
