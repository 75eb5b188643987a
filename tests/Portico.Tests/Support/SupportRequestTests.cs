using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Support;

namespace Portico.Tests.Support;

/// <summary>Contact support (SPEC §9): signed out and signed in, the emailed private link, replies and every status move.</summary>
public sealed partial class SupportRequestTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private const string Staff = "sasha.support@portico.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Body(string? category = "password", string? description = "I cannot sign in since yesterday.", string? contactEmail = null) =>
        new { category, description, contactEmail = contactEmail ?? Builders.UniqueEmail("requester") };

    private async Task<HttpClient> StaffAsync()
    {
        var client = factory.CreateClient();
        return client.WithToken(await client.SignInAsync(Staff, DemoData.Password));
    }

    /// <summary>Submits signed out and returns the ticket from the confirmation email (number and private link).</summary>
    private async Task<(string Number, Uri Link, SupportRequest Request)> SubmitSignedOutAsync(string? email = null, string language = "en-US")
    {
        email ??= Builders.UniqueEmail("requester");
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var response = await client.PostJsonAsync("/api/v1/support-requests", Body(contactEmail: email));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var mail = Mail(email, "[PRT-");
        var number = TicketNumber().Match(mail.Subject ?? "").Value;
        var link = Links(mail).Single(l => l.AbsolutePath == "/Support/Ticket");
        var request = await factory.WithDbAsync(db => db.SupportRequests.AsNoTracking().SingleAsync(r => r.Number == number, Ct));
        return (number, link, request);
    }

    [Fact]
    public async Task Create_SignedOut_Answers202AndMailsTicketNumberAndPrivateLink()
    {
        var email = Builders.UniqueEmail("requester");

        var (number, link, request) = await SubmitSignedOutAsync(email);

        Assert.Matches("^PRT-[0-9]{8}$", number);
        Assert.Equal(SupportRequestStatus.New, request.Status);
        Assert.Null(request.AccountId);
        Assert.Null(request.OrganizationId);
        var mail = Mail(email, $"[{number}] We received your support request");
        Assert.Contains("I cannot sign in since yesterday.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("the link works for 30 days", mail.TextBody, StringComparison.Ordinal);

        // The mailbox owner follows the link without an account and sees the thread.
        var reader = new PageClient(factory);
        var page = await reader.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"Support request {number}", reader.LastHtml, StringComparison.Ordinal);
        Assert.Contains("I cannot sign in since yesterday.", reader.LastHtml, StringComparison.Ordinal);

        // Only the token's hash is stored, and no audit record carries the token.
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        var hashes = await factory.WithDbAsync(db => db.SupportRequestLinks.Where(l => l.SupportRequestId == request.Id).Select(l => l.TokenHash).ToListAsync(Ct));
        Assert.Equal([SupportService.Hash(token)], hashes);
        var details = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Details != null).Select(e => e.Details!).ToListAsync(Ct));
        Assert.DoesNotContain(details, d => d.Contains(token, StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains(number, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_SignedOut_SameAnswerWhetherOrNotAnAccountExists()
    {
        var client = factory.CreateClient();

        var known = await client.PostJsonAsync("/api/v1/support-requests", Body(contactEmail: "alex.johnson@contoso.example"));
        var unknown = await client.PostJsonAsync("/api/v1/support-requests", Body(contactEmail: Builders.UniqueEmail("nobody")));

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(Ct), await unknown.Content.ReadAsStringAsync(Ct));
        Assert.Equal(known.HeaderLines(), unknown.HeaderLines());
        Assert.Equal("{\"status\":\"request_received\"}", await known.Content.ReadAsStringAsync(Ct));

        // Signed out, the ticket is never linked to the account that happens to own the address.
        var alexTickets = await factory.WithDbAsync(db => db.SupportRequests.Where(r => r.NormalizedContactEmail == "ALEX.JOHNSON@CONTOSO.EXAMPLE").ToListAsync(Ct));
        Assert.All(alexTickets, r => Assert.Null(r.AccountId));
    }

    [Fact]
    public async Task Create_FloodForOneEmail_SameAnswerButNothingMoreStoredOrMailed()
    {
        var email = Builders.UniqueEmail("flood");
        var normalized = email.ToUpperInvariant();
        var client = factory.CreateClient();
        var bodies = new List<string>();
        var statuses = new List<HttpStatusCode>();
        var headers = new List<string>();

        for (var i = 0; i < 7; i++)
        {
            var response = await client.PostJsonAsync("/api/v1/support-requests", Body(description: $"Attempt {i}", contactEmail: email));
            statuses.Add(response.StatusCode);
            bodies.Add(await response.Content.ReadAsStringAsync(Ct));
            headers.Add(string.Join("\n", response.HeaderLines()));
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
        Assert.Single(bodies.Distinct());
        Assert.Single(headers.Distinct());
        Assert.Equal(5, await factory.WithDbAsync(db => db.SupportRequests.CountAsync(r => r.NormalizedContactEmail == normalized, Ct)));
        Assert.Equal(5, factory.Outbox.To(email).Count);
        var dropped = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Type == AuditEventType.SupportRequestSuppressed && e.Details!.Contains(email)).ToListAsync(Ct));
        Assert.Equal(2, dropped.Count);
        Assert.All(dropped, e => Assert.DoesNotContain("Attempt", e.Details!, StringComparison.Ordinal));

        // An hour later the address may write again.
        factory.Time.Advance(TimeSpan.FromMinutes(61));
        await client.PostJsonAsync("/api/v1/support-requests", Body(contactEmail: email));
        Assert.Equal(6, factory.Outbox.To(email).Count);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"category":"password","contactEmail":"a@example.org"}""", "description:required" },
        { """{"category":"password","description":"   ","contactEmail":"a@example.org"}""", "description:required" },
        { """{"category":"password","description":"x","contactEmail":"not-an-email"}""", "contactEmail:invalid_email" },
        { """{"category":"password","description":"x"}""", "contactEmail:required" },
        { """{"category":"refunds","description":"x","contactEmail":"a@example.org"}""", "category:invalid_value" },
        { """{"description":"x","contactEmail":"a@example.org"}""", "category:required" },
        { """{"category":"password","description":"bell\u0007","contactEmail":"a@example.org"}""", "description:invalid_characters" },
        { $$"""{"category":"password","description":"{{new string('x', SupportRequest.DescriptionMaxLength + 1)}}","contactEmail":"a@example.org"}""", "description:too_long" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Create_BadInput_Answers400WithFieldCodeAndStoresNothing(string body, string fieldError)
    {
        var before = await factory.WithDbAsync(db => db.SupportRequests.CountAsync(Ct));

        var response = await factory.CreateClient().PostRawAsync("/api/v1/support-requests", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains(fieldError, problem.FieldErrors());
        Assert.Equal(before, await factory.WithDbAsync(db => db.SupportRequests.CountAsync(Ct)));
    }

    [Fact]
    public async Task Create_BadInputInJapanese_MessagesAreJapanese()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");

        var response = await client.PostRawAsync("/api/v1/support-requests", """{"category":"password","contactEmail":"a@example.org"}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var message = problem.GetProperty("errors")[0].GetProperty("message").GetString()!;
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}|\p{IsHiragana}|\p{IsKatakana}", message);
    }

    [Fact]
    public async Task Create_Multiline_KeepsLineBreaks()
    {
        var email = Builders.UniqueEmail("lines");
        await factory.CreateClient().PostJsonAsync("/api/v1/support-requests", Body(description: "Line one\nLine two", contactEmail: email));

        Assert.Contains("Line one\nLine two", (Mail(email, "[PRT-").TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SignedIn_LinkedToAccountAndOrganization_VisibleToOwnerAndGlobalAdminOnly()
    {
        var orgId = await factory.OrganizationIdAsync("Contoso Cloud Solutions");
        var devon = factory.CreateClient();
        devon.WithToken(await devon.SignInAsync("devon.park@contoso.example", DemoData.Password));

        var created = await devon.PostJsonAsync("/api/v1/support-requests", new { category = "access", description = "I cannot see the payouts page." });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = await created.JsonAsync();
        var id = ticket.GetProperty("id").GetGuid();
        Assert.Equal("devon.park@contoso.example", ticket.GetProperty("contactEmail").GetString());
        Assert.Equal(orgId, ticket.GetProperty("organizationId").GetGuid());
        Assert.Equal("New", ticket.GetProperty("status").GetString());
        Mail("devon.park@contoso.example", $"[{ticket.GetProperty("number").GetString()}] We received your support request");

        var mine = await (await devon.GetAsync("/api/v1/support-requests", Ct)).JsonAsync();
        Assert.Contains(mine.EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);

        var alex = factory.CreateClient();
        alex.WithToken(await alex.SignInAsync("alex.johnson@contoso.example", DemoData.Password));
        var organization = await (await alex.GetAsync($"/api/v1/orgs/{orgId}/support-requests", Ct)).JsonAsync();
        Assert.Contains(organization.EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.OK, (await alex.GetAsync($"/api/v1/support-requests/{id}", Ct)).StatusCode);

        // Another member of the same organization, and another organization's Global admin, cannot read it.
        var sam = factory.CreateClient();
        sam.WithToken(await sam.SignInAsync("sam.lee@contoso.example", DemoData.Password));
        await (await sam.GetAsync($"/api/v1/support-requests/{id}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await sam.GetAsync($"/api/v1/orgs/{orgId}/support-requests", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var nora = factory.CreateClient();
        nora.WithToken(await nora.SignInAsync("nora.admin@northwind.example", DemoData.Password));
        await (await nora.GetAsync($"/api/v1/support-requests/{id}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        // Audited on the platform chain and on Contoso's.
        var chains = await factory.WithDbAsync(db => db.AuditEvents
            .Where(e => e.Type == AuditEventType.SupportRequestCreated && e.Details!.Contains(ticket.GetProperty("number").GetString()!))
            .Select(e => e.Chain).ToListAsync(Ct));
        Assert.Equal(new[] { AuditEvent.PlatformChain, orgId.ToString("N") }.Order(StringComparer.Ordinal).ToList(), chains.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Pages_SignedInRequesterRepliesOnTheTicketPage_OthersGet404()
    {
        var member = new PageClient(factory);
        await member.SignInAsync("jun.ito@fabrikam.example", DemoData.Password);
        var created = await member.PostFormAsync("/Support/New",
            [new("Input.Category", "verification"), new("Input.Description", "How long does the business check take?"), new("Input.ContactEmail", "jun.ito@fabrikam.example")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var ticketUrl = created.Headers.Location!.OriginalString;
        Assert.StartsWith("/Support/Request/", ticketUrl, StringComparison.Ordinal);

        await member.GetAsync(ticketUrl);
        Assert.Contains("How long does the business check take?", member.LastHtml, StringComparison.Ordinal);
        Assert.Contains("role=\"status\"", member.LastHtml, StringComparison.Ordinal);
        var reply = await member.PostFormAsync(ticketUrl, [new("Message", "Our registration number is 1234.")]);
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        var empty = await member.PostFormAsync(ticketUrl, [new("Message", "")]);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        await member.GetAsync("/Support");
        Assert.Contains(ticketUrl, member.LastHtml, StringComparison.Ordinal);

        // Fumi (Fabrikam's Global admin) reads it among the organization's requests, without a reply form.
        var admin = new PageClient(factory);
        await admin.SignInAsync("fumi.suzuki@fabrikam.example", DemoData.Password);
        await admin.GetAsync("/Support");
        Assert.Contains(ticketUrl, admin.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(ticketUrl)).StatusCode);
        Assert.Contains("Our registration number is 1234.", admin.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Message\"", admin.LastHtml, StringComparison.Ordinal);

        // Another organization's admin and the staff pages' outsiders get 404 for the id.
        var other = new PageClient(factory);
        await other.SignInAsync("nora.admin@northwind.example", DemoData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(ticketUrl)).StatusCode);
    }

    [Fact]
    public async Task NewPage_PrefilledFromQuery_AndSignedInFromAccount()
    {
        var anonymous = new PageClient(factory);
        await anonymous.GetAsync("/Support/New?category=password&email=someone%40example.org");
        var form = Html.FormWith(anonymous.LastHtml, "Input.ContactEmail");
        Assert.Equal("password", form.Fields["Input.Category"]);
        Assert.Equal("someone@example.org", form.Fields["Input.ContactEmail"]);

        await anonymous.GetAsync("/Support/New?category=nonsense&email=not-an-email");
        form = Html.FormWith(anonymous.LastHtml, "Input.ContactEmail");
        Assert.Equal("", form.Fields["Input.Category"]);
        Assert.Equal("", form.Fields["Input.ContactEmail"]);

        var member = new PageClient(factory);
        await member.SignInAsync("sam.lee@contoso.example", DemoData.Password);
        await member.GetAsync("/Support/New?category=billing&email=other%40example.org");
        form = Html.FormWith(member.LastHtml, "Input.ContactEmail");
        Assert.Equal("sam.lee@contoso.example", form.Fields["Input.ContactEmail"]);
    }

    [Fact]
    public async Task NewPage_SignedOut_EndsOnTheSameConfirmation_BadInputShowsErrors()
    {
        var client = new PageClient(factory);
        var bad = await client.PostFormAsync("/Support/New", [new("Input.Category", "password"), new("Input.Description", ""), new("Input.ContactEmail", "nope")]);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("class=\"error-summary", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Enter a valid email address", client.LastHtml, StringComparison.OrdinalIgnoreCase);

        var known = await client.PostFormAsync("/Support/New",
            [new("Input.Category", "password"), new("Input.Description", "Help"), new("Input.ContactEmail", "nora.admin@northwind.example")]);
        var unknown = await client.PostFormAsync("/Support/New",
            [new("Input.Category", "password"), new("Input.Description", "Help"), new("Input.ContactEmail", Builders.UniqueEmail("page"))]);
        Assert.Equal(HttpStatusCode.Redirect, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal("/Support/Sent", known.Headers.Location?.OriginalString);
        Assert.Equal(known.Headers.Location, unknown.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Support/Sent")).StatusCode);
        Assert.Contains("Request received", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffReply_IsMailedInTheRequestersLanguage_AndTheLinkShowsIt_ReplyReopens()
    {
        var email = Builders.UniqueEmail("japanese");
        var (number, _, request) = await SubmitSignedOutAsync(email, "ja-JP");
        Mail(email, $"[{number}] サポート リクエストを受け付けました");
        var staff = await StaffAsync();

        var reply = await staff.PostJsonAsync($"/api/v1/operator/support-requests/{request.Id}/replies", new { message = "Please try the recovery link we just sent." });

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("WaitingOnCustomer", (await reply.JsonAsync()).GetProperty("status").GetString());
        var mail = Mail(email, $"[{number}] Portico サポートから回答がありました");
        Assert.Contains("Please try the recovery link we just sent.", mail.TextBody, StringComparison.Ordinal);

        // The reply's own (fresh) link opens the thread with the staff answer; the requester answers and it re-opens.
        var link = Links(mail).Single(l => l.AbsolutePath == "/Support/Ticket");
        var reader = new PageClient(factory);
        await reader.GetAsync(link.PathAndQuery);
        Assert.Contains("Please try the recovery link we just sent.", reader.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Portico support (Sasha Support)", reader.LastHtml.Replace("Portico サポート", "Portico support", StringComparison.Ordinal), StringComparison.Ordinal);
        var form = Html.FormWith(reader.LastHtml, "Token");
        var posted = await reader.Http.PostAsync("/Support/Ticket", form.Submit(("Message", "It worked, thank you.")), Ct);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var detail = await (await staff.GetAsync($"/api/v1/operator/support-requests/{request.Id}", Ct)).JsonAsync();
        Assert.Equal("Open", detail.GetProperty("status").GetString());
        Assert.Equal(["Requester", "Staff", "Requester"], detail.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("author").GetString()).ToList());
        Assert.Equal("It worked, thank you.", detail.GetProperty("messages")[2].GetProperty("body").GetString());
    }

    [Fact]
    public async Task Status_EveryTransition_AsTheRulesSay()
    {
        var staff = await StaffAsync();
        var (_, link, request) = await SubmitSignedOutAsync();
        var url = $"/api/v1/operator/support-requests/{request.Id}/status";

        async Task<HttpResponseMessage> Move(string status) => await staff.PostJsonAsync(url, new { status });
        async Task Expect(string status)
        {
            var response = await Move(status);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal(status, (await response.JsonAsync()).GetProperty("status").GetString());
        }

        await (await Move("New")).AssertProblemAsync(HttpStatusCode.Conflict, SupportErrors.InvalidTransition);
        await Expect("Open");                                        // New → Open
        await (await Move("Open")).AssertProblemAsync(HttpStatusCode.Conflict, SupportErrors.InvalidTransition);
        await Expect("WaitingOnCustomer");                           // Open → WaitingOnCustomer
        await Expect("Open");                                        // WaitingOnCustomer → Open
        await Expect("Resolved");                                    // Open → Resolved
        Mail(request.ContactEmail, $"[{request.Number}] Your support request is resolved");
        await Expect("Open");                                        // Resolved → Open
        await Expect("WaitingOnCustomer");
        await Expect("Resolved");                                    // WaitingOnCustomer → Resolved
        await Expect("Closed");                                      // Resolved → Closed
        Mail(request.ContactEmail, $"[{request.Number}] Your support request is closed");

        // Closed is final: no status move, no reply from either side.
        foreach (var status in new[] { "Open", "WaitingOnCustomer", "Resolved", "Closed", "New" })
        {
            await (await Move(status)).AssertProblemAsync(HttpStatusCode.Conflict, SupportErrors.Closed);
        }

        await (await staff.PostJsonAsync($"/api/v1/operator/support-requests/{request.Id}/replies", new { message = "One more thing" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, SupportErrors.Closed);
        var reader = new PageClient(factory);
        await reader.GetAsync(link.PathAndQuery);
        Assert.Contains("This request is closed.", reader.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(Html.PostForms(reader.LastHtml), f => f.Fields.ContainsKey("Token"));
        var token = AntiforgeryToken().Match(reader.LastHtml).Groups[1].Value;
        var closedReply = await reader.Http.PostAsync("/Support/Ticket", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = Uri.UnescapeDataString(link.Query["?token=".Length..]),
            ["Message"] = "Hello?",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }), Ct);
        Assert.Equal(HttpStatusCode.Conflict, closedReply.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.SupportMessages.CountAsync(m => m.SupportRequestId == request.Id, Ct)));

        // Every move was audited (the request has no organization: platform chain only).
        var moves = await factory.WithDbAsync(db => db.AuditEvents
            .Where(e => e.Type == AuditEventType.SupportStatusChanged && e.Details!.Contains(request.Number)).CountAsync(Ct));
        Assert.Equal(8, moves);
    }

    [Fact]
    public async Task Status_DirectlyToClosedOrResolvedFromNew_AndBadValues()
    {
        var staff = await StaffAsync();
        var (_, _, first) = await SubmitSignedOutAsync();
        var (_, _, second) = await SubmitSignedOutAsync();

        Assert.Equal(HttpStatusCode.OK, (await staff.PostJsonAsync($"/api/v1/operator/support-requests/{first.Id}/status", new { status = "Closed" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostJsonAsync($"/api/v1/operator/support-requests/{second.Id}/status", new { status = "resolved" })).StatusCode);

        var bad = await staff.PostJsonAsync($"/api/v1/operator/support-requests/{second.Id}/status", new { status = "Escalated" });
        Assert.Contains("status:invalid_value", (await bad.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).FieldErrors());
        var numeric = await staff.PostJsonAsync($"/api/v1/operator/support-requests/{second.Id}/status", new { status = "4" });
        Assert.Contains("status:invalid_value", (await numeric.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).FieldErrors());
        var missing = await staff.PostJsonAsync($"/api/v1/operator/support-requests/{second.Id}/status", new { });
        Assert.Contains("status:required", (await missing.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).FieldErrors());
        await (await staff.PostJsonAsync($"/api/v1/operator/support-requests/{Guid.NewGuid()}/status", new { status = "Open" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var empty = await staff.PostJsonAsync($"/api/v1/operator/support-requests/{second.Id}/replies", new { message = "" });
        Assert.Contains("message:required", (await empty.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).FieldErrors());
        var replyStatus = await staff.PostJsonAsync($"/api/v1/operator/support-requests/{second.Id}/replies", new { message = "Hi", status = "New" });
        await replyStatus.AssertProblemAsync(HttpStatusCode.Conflict, SupportErrors.InvalidTransition);
    }

    [Fact]
    public async Task SignedInRequester_RepliesToResolvedTicket_ReopensIt_ClosedAnswers409()
    {
        var taylor = factory.CreateClient();
        taylor.WithToken(await taylor.SignInAsync(DemoData.SharedEmail, DemoData.Password, "Work"));
        var id = (await (await taylor.PostJsonAsync("/api/v1/support-requests", new { category = "sign-in", description = "Which account should I use?" })).JsonAsync())
            .GetProperty("id").GetGuid();
        var staff = await StaffAsync();
        await staff.PostJsonAsync($"/api/v1/operator/support-requests/{id}/replies", new { message = "Your work account.", status = "Resolved" });

        var reply = await taylor.PostJsonAsync($"/api/v1/support-requests/{id}/replies", new { message = "Thanks, but the picker still shows." });

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("Open", (await reply.JsonAsync()).GetProperty("status").GetString());
        var orgChain = (await factory.OrganizationIdAsync("Contoso Cloud Solutions")).ToString("N");
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.SupportReplyByRequester && e.Chain == orgChain, Ct)));

        await staff.PostJsonAsync($"/api/v1/operator/support-requests/{id}/status", new { status = "Closed" });
        await (await taylor.PostJsonAsync($"/api/v1/support-requests/{id}/replies", new { message = "Again" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, SupportErrors.Closed);

        // Someone else's ticket cannot be answered, nor can one that does not exist.
        var sam = factory.CreateClient();
        sam.WithToken(await sam.SignInAsync("sam.lee@contoso.example", DemoData.Password));
        await (await sam.PostJsonAsync($"/api/v1/support-requests/{id}/replies", new { message = "Hi" })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task PrivateLink_TamperedOrExpired_Answers404WithTheSamePage()
    {
        var (_, link, _) = await SubmitSignedOutAsync();
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        var reader = new PageClient(factory);

        var tampered = await reader.GetAsync("/Support/Ticket?token=" + Uri.EscapeDataString((token[0] == 'A' ? 'B' : 'A') + token[1..]));
        var tamperedHtml = reader.LastHtml;
        var missing = await reader.GetAsync("/Support/Ticket");
        Assert.Equal(HttpStatusCode.NotFound, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("This link is not valid or has expired.", tamperedHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(link.PathAndQuery)).StatusCode);

        // Note: the clock only moves forward; the other tests of this class do not depend on it.
        factory.Time.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        var expired = await reader.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Contains("This link is not valid or has expired.", reader.LastHtml, StringComparison.Ordinal);

        // Posting a reply with it changes nothing either.
        var form = AntiforgeryToken().Match(reader.LastHtml);
        var post = await reader.Http.PostAsync("/Support/Ticket", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = token,
            ["Message"] = "Still there?",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(form.Groups[1].Value),
        }), Ct);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task PrivateLinkApi_ReadsAndReplies_BadTokens404_Closed409()
    {
        var (number, link, request) = await SubmitSignedOutAsync();
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        var client = factory.CreateClient();

        var read = await client.PostJsonAsync("/api/v1/support-requests/private", new { token });
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(number, (await read.JsonAsync()).GetProperty("number").GetString());
        var replied = await client.PostJsonAsync("/api/v1/support-requests/private/replies", new { token, message = "More details: it says invalid password." });
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
        Assert.Equal(2, (await replied.JsonAsync()).GetProperty("messages").GetArrayLength());

        var tampered = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        await (await client.PostJsonAsync("/api/v1/support-requests/private", new { token = tampered })).AssertProblemAsync(HttpStatusCode.NotFound, SupportErrors.LinkInvalid);
        await (await client.PostJsonAsync("/api/v1/support-requests/private/replies", new { token = tampered, message = "x" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, SupportErrors.LinkInvalid);
        Assert.Contains("token:required", (await (await client.PostJsonAsync("/api/v1/support-requests/private", new { }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).FieldErrors());
        Assert.Contains("message:required", (await (await client.PostJsonAsync("/api/v1/support-requests/private/replies", new { token }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).FieldErrors());

        var staff = await StaffAsync();
        await staff.PostJsonAsync($"/api/v1/operator/support-requests/{request.Id}/status", new { status = "Closed" });
        await (await client.PostJsonAsync("/api/v1/support-requests/private/replies", new { token, message = "Reopen?" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, SupportErrors.Closed);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/api/v1/support-requests/private", new { token })).StatusCode);
    }

    [Fact]
    public async Task Queue_FiltersByStatusAndCategory_PagesAndRefusesBadFilters()
    {
        var staff = await StaffAsync();
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await client.PostJsonAsync("/api/v1/support-requests", Body(category: "billing"));
        }

        var billing = await (await staff.GetAsync("/api/v1/operator/support-requests?status=New&category=billing&pageSize=2", Ct)).JsonAsync();
        Assert.True(billing.GetProperty("total").GetInt32() >= 3);
        Assert.Equal(2, billing.GetProperty("items").GetArrayLength());
        Assert.All(billing.GetProperty("items").EnumerateArray(), r =>
        {
            Assert.Equal("billing", r.GetProperty("category").GetString());
            Assert.Equal("New", r.GetProperty("status").GetString());
        });
        var second = await (await staff.GetAsync("/api/v1/operator/support-requests?status=New&category=billing&pageSize=2&page=2", Ct)).JsonAsync();
        Assert.DoesNotContain(second.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()),
            billing.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).Contains);

        var bad = await staff.GetAsync("/api/v1/operator/support-requests?status=Pending&category=refunds&page=0&pageSize=500", Ct);
        Assert.Equal(["status:invalid_value", "category:invalid_value", "page:invalid_value", "pageSize:invalid_value"],
            (await bad.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).FieldErrors());

        // The page shows the same queue.
        var page = new PageClient(factory);
        await page.SignInAsync(Staff, DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/Operator/Support?status=New&category=billing")).StatusCode);
        Assert.Contains("Support queue", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Billing", page.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperatorRoutes_PartnersAndOtherStaff_AreDenied()
    {
        foreach (var email in new[] { "alex.johnson@contoso.example", "nora.admin@northwind.example", "victor.verify@portico.example" })
        {
            var client = factory.CreateClient();
            client.WithToken(await client.SignInAsync(email, DemoData.Password));
            await (await client.GetAsync("/api/v1/operator/support-requests", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            await (await client.PostJsonAsync($"/api/v1/operator/support-requests/{Guid.NewGuid()}/status", new { status = "Open" }))
                .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            await (await client.GetAsync("/api/v1/operator/sign-in-diagnosis?email=alex.johnson%40contoso.example", Ct))
                .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        await (await factory.CreateClient().GetAsync("/api/v1/operator/support-requests", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_required");
    }

    [Fact]
    public async Task Menu_ShowsSupportToMembers_AndOperatorEntriesToSupportAgents()
    {
        var member = new PageClient(factory);
        await member.SignInAsync("sam.lee@contoso.example", DemoData.Password);
        await member.GetAsync("/");
        Assert.Contains("href=\"/Support\"", member.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Operator/Support\"", member.LastHtml, StringComparison.Ordinal);

        var agent = new PageClient(factory);
        await agent.SignInAsync(Staff, DemoData.Password);
        await agent.GetAsync("/");
        Assert.Contains("href=\"/Operator/Support\"", agent.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/Operator/SignInDiagnosis\"", agent.LastHtml, StringComparison.Ordinal);

        var verifier = new PageClient(factory);
        await verifier.SignInAsync("victor.verify@portico.example", DemoData.Password);
        await verifier.GetAsync("/");
        Assert.DoesNotContain("href=\"/Operator/Support\"", verifier.LastHtml, StringComparison.Ordinal);

        // The demo tickets are in Sam's list and in the queue.
        await member.GetAsync("/Support");
        Assert.Contains(DemoData.SignedInTicket, member.LastHtml, StringComparison.Ordinal);
        await agent.GetAsync("/Operator/Support?category=password");
        Assert.Contains(DemoData.SignedOutTicket, agent.LastHtml, StringComparison.Ordinal);
    }

    /// <summary>The one message to <paramref name="email"/> whose subject starts so (the fake clock gives mails the same timestamp, so order is not used).</summary>
    private MimeMessage Mail(string email, string subjectStart) =>
        Assert.Single(factory.Outbox.To(email), m => (m.Subject ?? "").StartsWith(subjectStart, StringComparison.Ordinal));

    private static IReadOnlyList<Uri> Links(MimeMessage message) =>
        [.. LinkPattern().Matches(message.TextBody ?? "").Select(m => new Uri(m.Value))];

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("PRT-[0-9]{8}")]
    private static partial Regex TicketNumber();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [Fact]
    public async Task SupportList_TicketWaitingBehindManyClosed_StillListed()
    {
        var noah = factory.CreateClient();
        noah.WithToken(await noah.SignInAsync("noah.becker@contoso.example", DemoData.Password));
        var me = await (await noah.GetAsync("/api/v1/me", Ct)).JsonAsync();
        var accountId = me.GetProperty("account").GetProperty("id").GetGuid();
        var orgId = me.GetProperty("account").GetProperty("organizationId").GetGuid();
        var now = DateTime.UtcNow;
        var prefix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        SupportRequest Ticket(int i, SupportRequestStatus status, DateTime created) => new()
        {
            Number = $"Z{prefix}{i:D4}", Category = SupportCategories.Other, Status = status, ContactEmail = "noah.becker@contoso.example",
            NormalizedContactEmail = "NOAH.BECKER@CONTOSO.EXAMPLE", AccountId = accountId, OrganizationId = orgId, CreatedUtc = created, UpdatedUtc = created,
        };
        var waiting = Ticket(0, SupportRequestStatus.WaitingOnCustomer, now.AddDays(-60));
        await factory.WithDbAsync(async db =>
        {
            db.SupportRequests.Add(waiting);
            db.SupportRequests.AddRange(Enumerable.Range(1, SupportService.EndedListed + 5).Select(i => Ticket(i, SupportRequestStatus.Closed, now.AddDays(-50).AddMinutes(i))));
            return await db.SaveChangesAsync(Ct);
        });

        var mine = (await (await noah.GetAsync("/api/v1/support-requests", Ct)).JsonAsync()).EnumerateArray().ToList();
        var page = new PageClient(factory);
        await page.SignInAsync("noah.becker@contoso.example", DemoData.Password);
        var listed = await page.GetAsync("/Support");

        Assert.Contains(mine, t => t.GetProperty("id").GetGuid() == waiting.Id);
        Assert.Equal(SupportService.EndedListed, mine.Count(t => t.GetProperty("status").GetString() == nameof(SupportRequestStatus.Closed)));
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains(waiting.Number, page.LastHtml, StringComparison.Ordinal);
    }
}
