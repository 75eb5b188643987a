using System.Net;
using Portico.Tests.Infrastructure;
using Portico.Web.Features.Designations;
using static Portico.Tests.Designations.DesignationsTestKit;

namespace Portico.Tests.Designations;

/// <summary>Every refused certification and deployment body: 400 with a stable code and the failing field, and nothing written.</summary>
public sealed class DesignationsBadInputTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Person = "{person}";

    // Note: the fake clock reads 2026-11-24.
    public static TheoryData<string, string> BadCertifications => new()
    {
        { """{"certification":"azure-developer","earnedOn":"2026-01-10","expiresOn":"2027-01-09"}""", "accountId:required" },
        { """{"accountId":"{person}","earnedOn":"2026-01-10","expiresOn":"2027-01-09"}""", "certification:required" },
        { """{"accountId":"{person}","certification":"  ","earnedOn":"2026-01-10","expiresOn":"2027-01-09"}""", "certification:required" },
        { """{"accountId":"{person}","certification":"AZURE-DEVELOPER","earnedOn":"2026-01-10","expiresOn":"2027-01-09"}""", "certification:invalid_value" },
        { """{"accountId":"{person}","certification":"az-204","earnedOn":"2026-01-10","expiresOn":"2027-01-09"}""", "certification:invalid_value" },
        { $$"""{"accountId":"{person}","certification":"{{new string('c', 65)}}","earnedOn":"2026-01-10","expiresOn":"2027-01-09"}""", "certification:too_long" },
        { """{"accountId":"{person}","certification":"azure-developer\u0000","earnedOn":"2026-01-10","expiresOn":"2027-01-09"}""", "certification:invalid_characters" },
        { """{"accountId":"{person}","certification":"azure-developer","expiresOn":"2027-01-09"}""", "earnedOn:required" },
        { """{"accountId":"{person}","certification":"azure-developer","earnedOn":"2026-12-01","expiresOn":"2027-01-09"}""", "earnedOn:out_of_range" },
        { """{"accountId":"{person}","certification":"azure-developer","earnedOn":"2016-01-01","expiresOn":"2017-01-01"}""", "earnedOn:out_of_range" },
        { """{"accountId":"{person}","certification":"azure-developer","earnedOn":"2026-01-10"}""", "expiresOn:required" },
        { """{"accountId":"{person}","certification":"azure-developer","earnedOn":"2026-01-10","expiresOn":"2026-01-10"}""", "expiresOn:out_of_range" },
        { """{"accountId":"{person}","certification":"azure-developer","earnedOn":"2026-01-10","expiresOn":"2031-01-11"}""", "expiresOn:out_of_range" },
        { """{"accountId":"00000000-0000-0000-0000-000000000001","certification":"azure-developer","earnedOn":"2026-01-10","expiresOn":"2027-01-09"}""", "accountId:invalid_value" },
    };

    public static TheoryData<string, string> BadDeployments => new()
    {
        { """{"solutionArea":"Security","goLiveOn":"2026-10-01","seats":10}""", "customerName:required" },
        { $$"""{"customerName":"{{new string('n', CustomerDeployment.CustomerNameMaxLength + 1)}}","solutionArea":"Security","goLiveOn":"2026-10-01","seats":10}""", "customerName:too_long" },
        { """{"customerName":"Two\nlines","solutionArea":"Security","goLiveOn":"2026-10-01","seats":10}""", "customerName:invalid_characters" },
        { """{"customerName":"Relecloud","goLiveOn":"2026-10-01","seats":10}""", "solutionArea:required" },
        { """{"customerName":"Relecloud","solutionArea":"security","goLiveOn":"2026-10-01","seats":10}""", "solutionArea:invalid_value" },
        { """{"customerName":"Relecloud","solutionArea":"5","goLiveOn":"2026-10-01","seats":10}""", "solutionArea:invalid_value" },
        { """{"customerName":"Relecloud","solutionArea":"Azure","goLiveOn":"2026-10-01","seats":10}""", "solutionArea:invalid_value" },
        { """{"customerName":"Relecloud","solutionArea":"Security","seats":10}""", "goLiveOn:required" },
        { """{"customerName":"Relecloud","solutionArea":"Security","goLiveOn":"2026-11-25","seats":10}""", "goLiveOn:out_of_range" },
        { """{"customerName":"Relecloud","solutionArea":"Security","goLiveOn":"2000-01-01","seats":10}""", "goLiveOn:out_of_range" },
        { """{"customerName":"Relecloud","solutionArea":"Security","goLiveOn":"2026-10-01"}""", "seats:required" },
        { """{"customerName":"Relecloud","solutionArea":"Security","goLiveOn":"2026-10-01","seats":0}""", "seats:out_of_range" },
        { """{"customerName":"Relecloud","solutionArea":"Security","goLiveOn":"2026-10-01","seats":-4}""", "seats:out_of_range" },
        { """{"customerName":"Relecloud","solutionArea":"Security","goLiveOn":"2026-10-01","seats":1000001}""", "seats:out_of_range" },
        { $$"""{"customerName":"Relecloud","solutionArea":"Security","goLiveOn":"2026-10-01","seats":10,"workloads":"{{new string('w', CustomerDeployment.WorkloadsMaxLength + 1)}}"}""", "workloads:too_long" },
        { """{"customerName":"Relecloud","solutionArea":"Security","goLiveOn":"2026-10-01","seats":10,"workloads":"bell\u0007"}""", "workloads:invalid_characters" },
    };

    [Theory]
    [MemberData(nameof(BadCertifications))]
    public async Task Certification_InvalidField_CreateAndUpdateAnswer400AndWriteNothing(string body, string fieldError)
    {
        var (client, org, _, people) = await factory.FreshOrganizationAsync(people: 1);
        var existing = await client.PostCreatedAsync(CertificationsPath(org), CertificationBody(people[0], "azure-administrator", factory.Today().AddDays(-1)));
        var json = body.Replace(Person, people[0].ToString(), StringComparison.Ordinal);
        var before = await factory.StateAsync();

        var created = await (await client.PostRawAsync(CertificationsPath(org), json)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        using var put = new HttpRequestMessage(HttpMethod.Put, $"{CertificationsPath(org)}/{existing.GetProperty("id").GetGuid()}")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        var updated = await (await client.SendAsync(put, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains(fieldError, created.FieldErrors());
        Assert.Contains(fieldError, updated.FieldErrors());
        Assert.Contains("version:required", updated.FieldErrors());
        Assert.Equal(before, await factory.StateAsync());
    }

    [Theory]
    [MemberData(nameof(BadDeployments))]
    public async Task Deployment_InvalidField_CreateAndUpdateAnswer400AndWriteNothing(string body, string fieldError)
    {
        var (client, org, _, _) = await factory.FreshOrganizationAsync(people: 0);
        var existing = await client.PostCreatedAsync(DeploymentsPath(org), DeploymentBody("Security", factory.Today()));
        var before = await factory.StateAsync();

        var created = await (await client.PostRawAsync(DeploymentsPath(org), body)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        using var put = new HttpRequestMessage(HttpMethod.Put, $"{DeploymentsPath(org)}/{existing.GetProperty("id").GetGuid()}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        var updated = await (await client.SendAsync(put, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains(fieldError, created.FieldErrors());
        Assert.Contains(fieldError, updated.FieldErrors());
        Assert.Equal(before, await factory.StateAsync());
    }

    [Theory]
    [InlineData("certifications", "{\"accountId\":")]
    [InlineData("certifications", "not json")]
    [InlineData("certifications", """{"accountId":"not-a-guid","certification":"azure-developer"}""")]
    [InlineData("certifications", """{"certification":"azure-developer","earnedOn":"10/01/2026"}""")]
    [InlineData("certifications", """{"certification":["azure-developer"]}""")]
    [InlineData("deployments", """{"customerName":"R","solutionArea":"Security","goLiveOn":"2026-10-01","seats":"ten"}""")]
    [InlineData("deployments", """{"customerName":"R","solutionArea":"Security","goLiveOn":"2026-10-01","seats":2.5}""")]
    [InlineData("deployments", """{"customerName":"R","solutionArea":3,"goLiveOn":"2026-10-01","seats":2}""")]
    [InlineData("deployments", """{"customerName":"R","solutionArea":"Security","goLiveOn":"2026-10-01","seats":99999999999}""")]
    [InlineData("deployments", "null")]
    public async Task Create_MalformedJson_Answers400AndWritesNothing(string collection, string body)
    {
        var (client, org, _, _) = await factory.FreshOrganizationAsync(people: 0);
        var before = await factory.StateAsync();

        await (await client.PostRawAsync($"/api/v1/orgs/{org}/{collection}", body)).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");

        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Create_EmptyObject_ListsEveryRequiredField()
    {
        var (client, org, _, _) = await factory.FreshOrganizationAsync(people: 0);

        var certification = await (await client.PostRawAsync(CertificationsPath(org), "{}")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var deployment = await (await client.PostRawAsync(DeploymentsPath(org), "{}")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["accountId:required", "certification:required", "earnedOn:required", "expiresOn:required"], certification.FieldErrors());
        Assert.Equal(["customerName:required", "solutionArea:required", "goLiveOn:required", "seats:required"], deployment.FieldErrors());
    }

    [Fact]
    public async Task Delete_MalformedVersion_Answers400()
    {
        var (client, org, _, _) = await factory.FreshOrganizationAsync(people: 0);
        var existing = await client.PostCreatedAsync(DeploymentsPath(org), DeploymentBody("Security", factory.Today()));
        var before = await factory.StateAsync();

        var problem = await (await client.DeleteAsync($"{DeploymentsPath(org)}/{existing.GetProperty("id").GetGuid()}?version=latest", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["version:invalid_value"], problem.FieldErrors());
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Problem_InJapanese_HasJapaneseTitle()
    {
        var (client, org, _, _) = await factory.FreshOrganizationAsync(people: 0);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");

        var problem = await (await client.PostAsync(DesignationsPath(org) + "/Security/apply", null, Ct)).AssertProblemAsync(HttpStatusCode.Conflict, DesignationErrors.DesignationNotMet);

        Assert.StartsWith("パートナー能力スコア", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }
}
