using Portico.BrowserTests.Infrastructure;

namespace Portico.BrowserTests.Incentives;

public sealed class EarningAdjustmentTests(PortalBrowser portal) : BrowserTest(portal)
{
    private const string Olivia = "olivia.ops@portico.example";
    private const string Alex = "alex.johnson@contoso.example";

    /// <summary>
    /// The vendor's incentives desk corrects one line by hand: Olivia (Operator admin) finds Contoso's estimated Azure
    /// line, raises its amount and moves it to Accrued for a calculation error; Contoso's Global admin then reads the
    /// correction, with its reason and both amounts, in the line's history.
    /// </summary>
    /// <remarks>Note: this changes one of Contoso's demo lines for the rest of the run; no other browser test reads it.</remarks>
    [Fact]
    public async Task EarningLine_AdjustedAtTheDesk_PartnerSeesTheCorrection()
    {
        var olivia = await NewPageAsync(storageState: await Portal.SignedInStateAsync(Olivia));
        await olivia.GotoAsync("/Operator/Incentives/Earnings");
        await Expect(olivia.Heading("Earnings lines")).ToBeVisibleAsync();
        await olivia.GetByLabel("Organization").FillAsync("Contoso");
        await olivia.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        var row = olivia.GetByRole(AriaRole.Row).Filter(new() { HasText = "Azure consumption growth" }).Filter(new() { HasText = "Estimated" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("16,000.00 USD");
        await row.GetByRole(AriaRole.Link).ClickAsync();

        await Expect(olivia.Heading("Earnings line of Contoso Cloud Solutions")).ToBeVisibleAsync();
        await olivia.GetByLabel("New amount").FillAsync("16450.00");
        await olivia.GetByLabel("New status").SelectOptionAsync(new SelectOptionValue { Label = "Accrued" });
        await olivia.GetByLabel("Calculation error").CheckAsync();
        await olivia.GetByLabel("Note", new() { Exact = true }).FillAsync("Seattle's October consumption was counted without the last three days.");
        await olivia.GetByRole(AriaRole.Button, new() { Name = "Adjust the line", Exact = true }).ClickAsync();
        await Expect(olivia.GetByText("The line was adjusted and the partner's Incentives admins were emailed.")).ToBeVisibleAsync();
        var deskHistory = olivia.GetByRole(AriaRole.Table, new() { Name = "Adjustments" });
        await Expect(deskHistory).ToContainTextAsync("Calculation error");
        await SaveScreenshotAsync(olivia, "desk");
        var lineId = olivia.Url[(olivia.Url.LastIndexOf('/') + 1)..];

        var alex = await NewPageAsync(storageState: await Portal.SignedInStateAsync(Alex));
        await alex.GotoAsync($"/Incentives/Earning/{lineId}");
        var history = alex.GetByRole(AriaRole.Region, new() { Name = "Adjustments" });
        await Expect(history).ToContainTextAsync("Adjusted by the partner program team: Calculation error");
        await Expect(history).ToContainTextAsync("The line's amount was changed from 16,000.00 USD to 16,450.00 USD.");
        await Expect(history).ToContainTextAsync("Seattle's October consumption was counted without the last three days.");
        await SaveScreenshotAsync(alex, "partner");
    }
}
