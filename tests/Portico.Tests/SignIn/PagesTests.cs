using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;

namespace Portico.Tests.SignIn;

/// <summary>The forced password change, the language picker, error pages and bad form input, through the Razor pages.</summary>
public sealed class PagesTests : IClassFixture<DemoPortalFactory>
{
    private readonly DemoPortalFactory factory;

    public PagesTests(DemoPortalFactory factory) => this.factory = factory;

    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient browser, string url, string field, params (string Name, string Value)[] values)
    {
        var page = await browser.GetAsync(url, ApiClient.Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = Html.FormWith(await page.Content.ReadAsStringAsync(ApiClient.Ct), field);
        return await browser.PostAsync(url, form.Submit(values), ApiClient.Ct);
    }

    [Fact]
    public async Task ChangePasswordPage_TemporaryPassword_WeakRejectedThenChangedAndHomeOpens()
    {
        var browser = Browser();
        var signedIn = await SubmitAsync(browser, "/SignIn", "Input.Email", ("Input.Email", "riley.new@contoso.example"), ("Input.Password", DemoData.Password));
        var changePage = signedIn.Headers.Location!.OriginalString;
        Assert.StartsWith("/Profile/ChangePassword", changePage, StringComparison.Ordinal);

        var weak = await SubmitAsync(browser, changePage, "Input.NewPassword", ("Input.CurrentPassword", DemoData.Password), ("Input.NewPassword", "riley-new-password"));
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("error-summary", await weak.Content.ReadAsStringAsync(ApiClient.Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/", ApiClient.Ct)).StatusCode);

        var changed = await SubmitAsync(browser, changePage, "Input.NewPassword", ("Input.CurrentPassword", DemoData.Password), ("Input.NewPassword", Builders.GoodPassword));

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("/", changed.Headers.Location?.OriginalString);
        var home = await browser.GetAsync("/", ApiClient.Ct);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Riley New", await home.Content.ReadAsStringAsync(ApiClient.Ct), StringComparison.Ordinal);
        Assert.Contains(factory.Outbox.To("riley.new@contoso.example"), m => m.Subject == "Your Portico password was changed");
    }

    [Fact]
    public async Task LanguagePicker_Japanese_PagesAnswerInJapanese()
    {
        var browser = Browser();
        var english = await (await browser.GetAsync("/SignIn", ApiClient.Ct)).Content.ReadAsStringAsync(ApiClient.Ct);
        var picker = Html.PostForms(english).Single(f => f.Action == "/Culture");
        Assert.Equal("en-US", picker.Fields["culture"]);

        var response = await browser.PostAsync("/Culture", picker.Submit(("culture", "ja-JP"), ("returnUrl", "/SignIn")), ApiClient.Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/SignIn", response.Headers.Location?.OriginalString);
        var japanese = await (await browser.GetAsync("/SignIn", ApiClient.Ct)).Content.ReadAsStringAsync(ApiClient.Ct);
        Assert.Contains("<html lang=\"ja\">", japanese, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LanguagePicker_ExternalReturnUrl_StaysOnSite()
    {
        var browser = Browser();
        var picker = Html.PostForms(await (await browser.GetAsync("/SignIn", ApiClient.Ct)).Content.ReadAsStringAsync(ApiClient.Ct)).Single(f => f.Action == "/Culture");

        var response = await browser.PostAsync("/Culture", picker.Submit(("culture", "ja-JP"), ("returnUrl", "//evil.example/")), ApiClient.Ct);

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task UnknownPage_Answers404ErrorPage()
    {
        var response = await Browser().GetAsync("/no/such/page", ApiClient.Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("a-300-character-email", "x")]
    [InlineData("alex.johnson@contoso.example", "a-257-character-password")]
    [InlineData("alex\u0001johnson@contoso.example", "x")]
    [InlineData("", "")]
    [InlineData("not-an-email", "x")]
    public async Task SignInPage_BadInput_ShowsFormAgainWithoutSession(string email, string password)
    {
        email = email == "a-300-character-email" ? new string('a', 284) + "@contoso.example" : email;
        password = password == "a-257-character-password" ? new string('p', 257) : password;
        var before = await factory.CountsAsync();

        var response = await SubmitAsync(Browser(), "/SignIn", "Input.Email", ("Input.Email", email), ("Input.Password", password));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("portico_session=", StringComparison.Ordinal)));
        Assert.Equal(before, await factory.CountsAsync());
    }

    [Fact]
    public async Task SignInPage_OneMegabyteForm_IsRefusedWithout500()
    {
        var browser = Browser();
        var page = await browser.GetAsync("/SignIn", ApiClient.Ct);
        var form = Html.FormWith(await page.Content.ReadAsStringAsync(ApiClient.Ct), "Input.Email");

        var response = await browser.PostAsync("/SignIn", form.Submit(("Input.Email", new string('a', 1024 * 1024)), ("Input.Password", "x")), ApiClient.Ct);

        Assert.True((int)response.StatusCode is >= 200 and < 500, response.StatusCode.ToString());
    }
}
