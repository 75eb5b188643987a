using System.Net.Http.Headers;
using System.Text;
using Portico.Tests.Infrastructure;
using Portico.Web.Authorization;
using Portico.Web.Data;

namespace Portico.Tests.Verification;

/// <summary>Documents (real magic numbers, or disguised ones) and a fresh unverified organization with its admin.</summary>
internal static class VerificationTestData
{
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];

    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9];

    /// <summary>A Windows executable's header (MZ … PE).</summary>
    public static readonly byte[] Exe = [0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0xB8, 0, 0, 0, 0x50, 0x45, 0, 0];

    public static readonly byte[] HtmlPage = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");

    public static MultipartFormDataContent Upload(string? comment, params (string Name, byte[] Content, string ContentType)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content, type) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            form.Add(part, "files", name);
        }

        if (comment is not null)
        {
            form.Add(new StringContent(comment, Encoding.UTF8), "comment");
        }

        return form;
    }

    public sealed record NewOrganization(Guid Id, string AdminEmail, HttpClient Admin);

    /// <summary>A new Direct partner in every program (not verified) with a Global admin signed in through the API.</summary>
    public static async Task<NewOrganization> NewOrganizationAsync(this PortalFactory factory, string? culture = null)
    {
        var created = await factory.AnOrganizationAsync();
        var email = Builders.UniqueEmail("owner", "acme-corp.example");
        await factory.AWorkAccountAsync(created.Organization.Id, email, roles: [Roles.GlobalAdmin]);
        if (culture is not null)
        {
            await factory.UpdateAccountAsync(email, a => a.PreferredCulture = culture);
        }

        var client = factory.CreateClient();
        client.WithToken(await client.SignInAsync(email, Builders.GoodPassword));
        return new NewOrganization(created.Organization.Id, email, client);
    }

    public static async Task<HttpClient> AgentAsync(this PortalFactory factory)
    {
        var client = factory.CreateClient();
        client.WithToken(await client.SignInAsync("victor.verify@portico.example", DemoData.Password));
        return client;
    }

    public static Task<HttpResponseMessage> DecideAsync(this HttpClient agent, Guid orgId, string check, string decision, string? reasonCode = null, string? message = null) =>
        agent.PostJsonAsync($"/api/v1/operator/verification/{orgId}/checks/{check}", new { decision, reasonCode, message });

}
