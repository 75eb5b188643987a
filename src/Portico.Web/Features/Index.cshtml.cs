using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Features.Shared;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features;

/// <summary>
/// Home: what waits for the user, then the workspaces their roles open (the menu's groups, each entry with a line on
/// what it is for), and the way to My access for anything they expected but do not see.
/// </summary>
public sealed class IndexModel(LayoutModel layout, HomeTasks homeTasks) : PageModel
{
    public string DisplayName => User.Identity?.Name ?? "";

    public string? OrganizationName => User.FindFirst(PorticoClaims.OrganizationName)?.Value;

    public IReadOnlyList<HomeTask> Tasks { get; private set; } = [];

    /// <summary>The menu's groups but the user's own (My access and My account are offered below them).</summary>
    public IReadOnlyList<MenuGroup> Workspaces { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var shell = await layout.BuildAsync(HttpContext);
        Tasks = await homeTasks.ForAsync(User, shell.Menu, cancellationToken);
        Workspaces = shell.Menu.Where(g => g.Label != LayoutModel.Groups.You).ToList();
    }
}
