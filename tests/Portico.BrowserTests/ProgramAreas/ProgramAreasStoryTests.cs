using System.Globalization;
using Portico.BrowserTests.Infrastructure;
using Portico.Web.Data;

namespace Portico.BrowserTests.ProgramAreas;

/// <remarks>
/// Note: the story adds a deal and an app registration and publishes Contoso's draft offer; it gets a server and
/// database of its own so other stories see the demo data as seeded.
/// </remarks>
public sealed class ProgramAreasStoryTests(PortalBrowser portal) : BrowserTest(portal), IClassFixture<PortalBrowser>
{
    private const string GlobalAdmin = "alex.johnson@contoso.example";

    /// <summary>
    /// SPEC §3: each program area lists and edits real records. Contoso's Global admin works through them in Chromium as
    /// a partner would: registers a referral deal and moves it to Active, sees the pipeline (with revenue) in Insights,
    /// publishes the draft marketplace offer, and registers an app whose client secret is shown once.
    /// </summary>
    [Fact]
    public async Task GlobalAdmin_WorksThroughReferralsInsightsOffersAndApps()
    {
        await Page.GotoAsync("/Referrals");
        await Page.SignInAsync(GlobalAdmin, DemoData.Password);
        await Expect(Page.Heading("Referrals")).ToBeVisibleAsync();

        // A new deal, then its next status.
        await Page.GetByLabel("Customer company").FillAsync("Tailspin Toys");
        await Page.GetByLabel("Customer contact").FillAsync("Avery Lee");
        await Page.GetByLabel("Contact work email").FillAsync("avery.lee@tailspin.example");
        await Page.GetByLabel("Description").FillAsync("Move the storefront to Azure before the holiday season.");
        await Page.GetByLabel("Estimated value").FillAsync("12500.50");
        await Page.GetByLabel("Currency").SelectOptionAsync("USD");
        await Page.GetByLabel("Expected close date").FillAsync(DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create deal", Exact = true }).ClickAsync();
        await Expect(Page.GetByText("The deal with Tailspin Toys was created.")).ToBeVisibleAsync();
        await Page.GetByLabel("New status").SelectOptionAsync(new SelectOptionValue { Label = "Active" });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Change status", Exact = true }).ClickAsync();
        await Expect(Page.GetByText("The deal is now Active.")).ToBeVisibleAsync();
        await SaveScreenshotAsync(Page, "deal");

        // Insights counts it, with revenue for a Global admin.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Insights", Exact = true }).ClickAsync();
        await Expect(Page.Heading("Insights")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Revenue", Exact = true })).ToBeVisibleAsync();
        await Expect(Page.GetByText("Pipeline value (open deals)")).ToBeVisibleAsync();
        await SaveScreenshotAsync(Page, "insights");

        // The draft offer goes live.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Offers", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Contoso Azure Migration Briefing" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await Expect(Page.GetByText("Offer \"Contoso Azure Migration Briefing\" is now published.")).ToBeVisibleAsync();

        // An app registration and its client secret, shown once.
        await Page.GetByRole(AriaRole.Link, new() { Name = "App registrations", Exact = true }).ClickAsync();
        await Page.GetByLabel("Display name").FillAsync("Tailspin Storefront Connector");
        await Page.GetByLabel("Web", new() { Exact = true }).CheckAsync();
        await Page.GetByLabel("Redirect URIs").FillAsync("https://storefront.tailspin.example/signin-oidc");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();
        await Expect(Page.GetByText("Tailspin Storefront Connector is registered.")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add client secret", Exact = true }).ClickAsync();
        await Expect(Page.GetByText("Copy the new client secret now. It won't be shown again.")).ToBeVisibleAsync();
        var secret = await Page.GetByLabel("Client secret value").InputValueAsync();
        Assert.StartsWith("pco_", secret, StringComparison.Ordinal);
        await SaveScreenshotAsync(Page, "secret");

        // Note: opened again with a GET (a reload would post the form again and add another secret).
        await Page.GetByRole(AriaRole.Link, new() { Name = "App registrations", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Tailspin Storefront Connector", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Client secrets", Exact = true })).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Client secret value")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await Page.ContentAsync(), StringComparison.Ordinal);
    }
}
