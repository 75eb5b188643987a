using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Portico.Tests.Infrastructure;

namespace Portico.Tests.Pages;

/// <summary>
/// A browser-like client for the Razor Pages: keeps cookies, does not follow redirects, and posts forms with the
/// antiforgery token of the page it last read, as a person submitting that page would.
/// </summary>
public sealed partial class PageClient(WebApplicationFactory<Program> factory)
{
    private readonly HttpClient http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public string LastHtml { get; private set; } = "";

    public HttpClient Http => http;

    public async Task<HttpResponseMessage> GetAsync(string url)
    {
        var response = await http.GetAsync(url, TestContext.Current.CancellationToken);
        LastHtml = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Checked(response, url);
        return response;
    }

    /// <summary>Reads <paramref name="formPage"/>, then posts <paramref name="fields"/> to <paramref name="action"/> (default: the same page).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        await GetAsync(formPage);
        var token = TokenPattern().Match(LastHtml);
        Assert.True(token.Success, $"no antiforgery token on {formPage}");
        var body = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))));
        var response = await http.PostAsync(action ?? formPage, body, TestContext.Current.CancellationToken);
        LastHtml = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Checked(response, action ?? formPage);
        return response;
    }

    /// <summary>Every page a test reads passes <see cref="PageChecks"/> (its language is the user's, so not checked here).</summary>
    private void Checked(HttpResponseMessage response, string url)
    {
        if (response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            var problems = PageChecks.Problems(LastHtml, culture: null);
            Assert.True(problems.Count == 0, $"{url}: " + string.Join("; ", problems));
        }
    }

    /// <summary>Signs in through the real sign-in page.</summary>
    public async Task SignInAsync(string email, string password)
    {
        var response = await PostFormAsync("/SignIn", [new("Input.Email", email), new("Input.Password", password)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
