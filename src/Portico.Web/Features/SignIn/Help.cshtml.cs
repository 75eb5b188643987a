using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.SignIn;

/// <summary>
/// The "can't sign in or can't see what I expect" article as a page, open to everyone. Each answer ends in an action
/// that exists today; it never says whether any particular account exists.
/// </summary>
public sealed class HelpModel : PageModel
{
    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public bool SignedInPersonal => SignedIn && User.Kind() == AccountKind.Personal;

    public void OnGet()
    {
    }
}
