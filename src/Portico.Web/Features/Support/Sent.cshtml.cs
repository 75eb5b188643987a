using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Portico.Web.Features.Support;

/// <summary>The one answer every signed-out submission gets (it says nothing about accounts or limits).</summary>
[AllowAnonymous]
public sealed class SentModel : PageModel
{
    public void OnGet()
    {
    }
}
