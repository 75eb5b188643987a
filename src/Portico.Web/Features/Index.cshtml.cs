using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features;

public sealed class IndexModel : PageModel
{
    public string DisplayName => User.Identity?.Name ?? "";

    public string? OrganizationName => User.FindFirst(PorticoClaims.OrganizationName)?.Value;

    public void OnGet()
    {
    }
}
