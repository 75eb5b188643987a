using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;

namespace Portico.Tests.SignIn;

/// <summary>Cookie sign-in through the real Razor pages, posting forms with their antiforgery tokens as a browser would.</summary>
public sealed class SignInPageTests : IClassFixture<DemoPortalFactory>
{
    private readonly DemoPortalFactory factory;

    public SignInPageTests(DemoPortalFactory factory) => this.factory = factory;

    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient browser, string email, string password, string url = "/SignIn")
    {
        var page = await browser.GetAsync(url, ApiClient.Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = Html.FormWith(await page.Content.ReadAsStringAsync(ApiClient.Ct), "Input.Email");
        Assert.True(form.Fields.ContainsKey("__RequestVerificationToken"));
        return await browser.PostAsync(url, form.Submit(("Input.Email", email), ("Input.Password", password)), ApiClient.Ct);
    }

    private static string? SessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.FirstOrDefault(c => c.StartsWith("portico_session=", StringComparison.Ordinal))
            : null;

    [Fact]
    public async Task SignInPage_RightPassword_RedirectsHomeWithSessionCookie()
    {
        var browser = Browser();

        var response = await PostSignInAsync(browser, "alex.johnson@contoso.example", DemoData.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var cookie = SessionCookie(response);
        Assert.NotNull(cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        var home = await browser.GetAsync("/", ApiClient.Ct);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Alex Johnson", await home.Content.ReadAsStringAsync(ApiClient.Ct), StringComparison.Ordinal);
        var me = await (await browser.GetAsync("/api/v1/me", ApiClient.Ct)).JsonAsync();
        Assert.Equal("alex.johnson@contoso.example", me.GetProperty("account").GetProperty("email").GetString());
    }

    [Fact]
    public async Task SignInPage_WrongPassword_ShowsGenericErrorAndNoCookie()
    {
        var browser = Browser();

        var response = await PostSignInAsync(browser, "alex.johnson@contoso.example", "definitely-not-it-123");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(SessionCookie(response));
        Assert.Contains("The email or password is incorrect.", await response.Content.ReadAsStringAsync(ApiClient.Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_UnknownEmail_LooksLikeWrongPassword()
    {
        var wrong = await PostSignInAsync(Browser(), "alex.johnson@contoso.example", "definitely-not-it-123");
        var unknown = await PostSignInAsync(Browser(), "nobody.at.all@contoso.example", "definitely-not-it-123");

        Assert.Equal(wrong.StatusCode, unknown.StatusCode);
        // Note: the antiforgery token and the passkey challenge (options and sealed state) differ per response by design.
        static string Normalize(string html, string email) =>
            System.Text.RegularExpressions.Regex.Replace(
                System.Text.RegularExpressions.Regex.Replace(
                    System.Text.RegularExpressions.Regex.Replace(html.Replace(email, "EMAIL", StringComparison.Ordinal), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "TOKEN"),
                    "<script type=\"application/json\" id=\"passkey-request\">[^<]*</script>", "PASSKEY"),
                "name=\"state\" value=\"[^\"]+\"", "STATE");
        Assert.Equal(
            Normalize(await wrong.Content.ReadAsStringAsync(ApiClient.Ct), "alex.johnson@contoso.example"),
            Normalize(await unknown.Content.ReadAsStringAsync(ApiClient.Ct), "nobody.at.all@contoso.example"));
    }

    [Fact]
    public async Task SignInPage_WithoutAntiforgeryToken_IsRefused()
    {
        var browser = Browser();
        await browser.GetAsync("/SignIn", ApiClient.Ct);

        var response = await browser.PostAsync("/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "alex.johnson@contoso.example",
            ["Input.Password"] = DemoData.Password,
        }), ApiClient.Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(SessionCookie(response));
    }

    [Theory]
    [InlineData("Work", "Work account — Contoso Cloud Solutions")]
    [InlineData("Personal", "Personal account")]
    public async Task SignInPage_SharedEmail_AccountPickerSignsInTheChosenAccount(string kind, string tileText)
    {
        var browser = Browser();

        var posted = await PostSignInAsync(browser, DemoData.SharedEmail, DemoData.Password);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.StartsWith("/SignIn/ChooseAccount", posted.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Null(SessionCookie(posted));

        var picker = await browser.GetAsync(posted.Headers.Location, ApiClient.Ct);
        Assert.Equal(HttpStatusCode.OK, picker.StatusCode);
        var tiles = Html.PostForms(await picker.Content.ReadAsStringAsync(ApiClient.Ct)).Where(f => f.Fields.ContainsKey("accountId")).ToList();
        Assert.Equal(2, tiles.Count);
        Assert.Contains(tiles, t => t.Text.Contains("Work account — Contoso Cloud Solutions", StringComparison.Ordinal));
        Assert.Contains(tiles, t => t.Text.Contains("Personal account", StringComparison.Ordinal));
        var tile = tiles.Single(t => t.Text.Contains(tileText, StringComparison.Ordinal));

        var chosen = await browser.PostAsync("/SignIn/ChooseAccount", tile.Submit(), ApiClient.Ct);

        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.NotNull(SessionCookie(chosen));
        var me = await (await browser.GetAsync("/api/v1/me", ApiClient.Ct)).JsonAsync();
        Assert.Equal(kind, me.GetProperty("account").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task ChooseAccount_TamperedAccountId_DoesNotSignIn()
    {
        var browser = Browser();
        var posted = await PostSignInAsync(browser, DemoData.SharedEmail, DemoData.Password);
        var picker = await browser.GetAsync(posted.Headers.Location, ApiClient.Ct);
        var tile = Html.PostForms(await picker.Content.ReadAsStringAsync(ApiClient.Ct)).First(f => f.Fields.ContainsKey("accountId"));
        var alex = await factory.AccountAsync("alex.johnson@contoso.example");

        var response = await browser.PostAsync("/SignIn/ChooseAccount", tile.Submit(("accountId", alex.Id.ToString())), ApiClient.Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null(SessionCookie(response));
        Assert.StartsWith("/SignIn", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_TemporaryPassword_GoesToChangePasswordFirst()
    {
        var browser = Browser();

        var response = await PostSignInAsync(browser, "riley.new@contoso.example", DemoData.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Profile/ChangePassword", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.NotNull(SessionCookie(response));
        var home = await browser.GetAsync("/", ApiClient.Ct);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/Profile/ChangePassword", home.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var change = await browser.GetAsync(response.Headers.Location, ApiClient.Ct);
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Contains("Input.NewPassword", await change.Content.ReadAsStringAsync(ApiClient.Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/steal")]
    [InlineData("//evil.example/steal")]
    [InlineData("/\\evil.example")]
    public async Task SignInPage_ExternalReturnUrl_RedirectsHomeInstead(string returnUrl)
    {
        var browser = Browser();

        var response = await PostSignInAsync(browser, "sam.lee@contoso.example", DemoData.Password, "/SignIn?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignInPage_LocalReturnUrl_IsFollowed()
    {
        var response = await PostSignInAsync(Browser(), "sam.lee@contoso.example", DemoData.Password, "/SignIn?returnUrl=%2FProfile%2FChangePassword");

        Assert.Equal("/Profile/ChangePassword", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignOutPage_Post_EndsTheSession()
    {
        var browser = Browser();
        await PostSignInAsync(browser, "devon.park@contoso.example", DemoData.Password);
        var home = await (await browser.GetAsync("/", ApiClient.Ct)).Content.ReadAsStringAsync(ApiClient.Ct);
        var signOut = Html.PostForms(home).Single(f => f.Action == "/SignOut");

        var response = await browser.PostAsync("/SignOut", signOut.Submit(), ApiClient.Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await browser.GetAsync("/", ApiClient.Ct);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/SignIn", after.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomePage_Anonymous_RedirectsToSignIn()
    {
        var response = await Browser().GetAsync("/", ApiClient.Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/SignIn?returnUrl=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_JapaneseBrowser_IsJapanese()
    {
        var browser = Browser();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");

        var html = await (await browser.GetAsync("/SignIn", ApiClient.Ct)).Content.ReadAsStringAsync(ApiClient.Ct);

        Assert.Contains("<html lang=\"ja\">", html, StringComparison.Ordinal);
        Assert.Contains("サインイン", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }
}
