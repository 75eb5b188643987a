using Portico.Tests.Infrastructure;

namespace Portico.Tests.Unit;

/// <summary>
/// The page checks every test page goes through find a resource key the localizer gave back untranslated wherever a
/// person would read it, and leave alone the dotted names a page shows on purpose (emails, host names, file names).
/// </summary>
public sealed class PageChecksTests
{
    private const string Head = "<!DOCTYPE html><html lang=\"en\"><body><h1>Deals</h1>";

    private const string Tail = "</body></html>";

    public static TheoryData<string, string> UntranslatedKeys => new()
    {
        { "<p>Nav.Users</p>", "Nav.Users" },
        { "<p>Reason: Deals.Field.reason (optional)</p>", "Deals.Field.reason" },
        { "<p>Closed <strong>Deals.CloseReason.other</strong>.</p>", "Deals.CloseReason.other" },
        { "<a href=\"/x\" title=\"Home.Task.Review\">Open</a>", "Home.Task.Review" },
        { "<label>Note <input name=\"n\" placeholder=\"Deals.ReasonHint\"></label>", "Deals.ReasonHint" },
        { "<input type=\"submit\" value=\"Users.Invite\">", "Users.Invite" },
        { "<button aria-label=\"Nav.Menu\"></button>", "Nav.Menu" },
    };

    public static TheoryData<string> DottedNamesShownOnPurpose =>
    [
        "<p>parker.program@contoso.example</p>",
        "<p>See https://Portico.example/Deals.Index for more.</p>",
        "<p>Contoso.Europe is a reseller.</p>",
        "<p>Uploaded earnings.q3.csv</p>",
        "<input type=\"text\" aria-label=\"Name\" value=\"Nav.Users\">",
        "<p>Deals.</p>",
    ];

    [Theory]
    [MemberData(nameof(UntranslatedKeys))]
    public void Problems_UntranslatedKey_NamesIt(string fragment, string key)
    {
        var problems = PageChecks.Problems(Head + fragment + Tail, "en-US");

        Assert.Contains($"shows the resource key \"{key}\"", problems);
    }

    [Theory]
    [MemberData(nameof(DottedNamesShownOnPurpose))]
    public void Problems_DottedNameThatIsNoKey_PassesThePage(string fragment)
    {
        var problems = PageChecks.Problems(Head + fragment + Tail, "en-US");

        Assert.DoesNotContain(problems, p => p.StartsWith("shows the resource key", StringComparison.Ordinal));
    }
}
