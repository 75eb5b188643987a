using Portico.BrowserTests.Infrastructure;
using Portico.Web.Data;

namespace Portico.BrowserTests.Localization;

public sealed class LanguagePickerTests(PortalBrowser portal) : BrowserTest(portal)
{
    [Fact]
    public async Task LanguagePicker_SwitchToJapanese_ShowsJapaneseUiAndRemembersIt()
    {
        await Page.GotoAsync("/SignIn");
        await Expect(Page.Heading("Sign in")).ToBeVisibleAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await Page.GetByLabel("Language").SelectOptionAsync(new SelectOptionValue { Label = "日本語" });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Change", Exact = true }).ClickAsync();

        await Expect(Page.Heading("サインイン")).ToBeVisibleAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "ja");

        await Page.ReloadAsync();
        await Expect(Page.Heading("サインイン")).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("言語")).ToHaveValueAsync("ja-JP");

        await Page.GetByLabel("メールアドレス").FillAsync("mika.yamada@contoso.example");
        await Page.GetByLabel("パスワード", new() { Exact = true }).FillAsync(DemoData.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();

        await Expect(Page.Heading("ようこそ、山田 美香 さん")).ToBeVisibleAsync();
        await Expect(Page.GetByText("Contoso Cloud Solutions で作業しています。")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "サインアウト" })).ToBeVisibleAsync();
        await SaveScreenshotAsync();

        // A browser that asks for Japanese (Accept-Language) gets it without touching the picker.
        var fresh = await NewPageAsync(locale: "ja-JP");
        await fresh.GotoAsync("/SignIn");
        await Expect(fresh.Heading("サインイン")).ToBeVisibleAsync();
        await Expect(fresh.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Expect(fresh.GetByLabel("言語")).ToHaveValueAsync("ja-JP");
        await SaveScreenshotAsync(fresh, "accept-language");
    }
}
