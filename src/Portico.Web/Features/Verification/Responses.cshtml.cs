using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Portico.Web.Features.Verification;

/// <summary>
/// The Verification responses help page: every reason code an agent can give, what it means and what to do. Public,
/// so the link in a decision email works before signing in; each entry's anchor is its code.
/// </summary>
[AllowAnonymous]
public sealed class ResponsesModel : PageModel
{
    public IReadOnlyList<string> Codes => VerificationReasons.All;

    public void OnGet()
    {
    }
}
