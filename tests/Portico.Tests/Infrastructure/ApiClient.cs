using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portico.Tests.Infrastructure;

/// <summary>Small helpers for calling the JSON API as a client would.</summary>
public static class ApiClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<string> SignInAsync(this HttpClient client, string email, string password, string? accountKind = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/session", new { email, password, accountKind }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json, TestContext.Current.CancellationToken);
        return body.GetProperty("token").GetString()!;
    }

    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Json, TestContext.Current.CancellationToken);
}
