using System.Text.RegularExpressions;
using Portico.BrowserTests.Infrastructure;

namespace Portico.BrowserTests.Support;

public sealed partial class ContactSupportTests(PortalBrowser portal) : BrowserTest(portal)
{
    private const string Agent = "sasha.support@portico.example";

    /// <summary>
    /// SPEC §9: someone who cannot sign in opens Contact support from Sign-in help, sends a password request signed
    /// out, follows the emailed private link, Sasha (SupportAgent) answers from the queue, and the requester reads the
    /// answer through the link in the reply email and answers back, re-opening the ticket.
    /// </summary>
    [Fact]
    public async Task ContactSupport_SignedOutRequesterAndAgent_TalkThroughThePrivateLink()
    {
        var started = DateTimeOffset.UtcNow;
        var requester = Page;
        var email = $"locked.out.{Guid.NewGuid():N}"[..24] + "@fabrikam.example";
        const string Problem = "I forgot my password and our only admin is on leave.";

        // The requester tries to sign in (the address has no account, which the public answer never says).
        await requester.GotoAsync("/SignIn");
        await requester.SignInAsync(email, "surely-this-is-my-password-2024");
        await Expect(requester.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();

        await requester.GotoAsync("/SignIn/Help");
        await requester.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Contact support", Exact = true }).ClickAsync();
        await Expect(requester.Heading("Contact support")).ToBeVisibleAsync();
        await Expect(requester.GetByLabel("Category")).ToHaveValueAsync("sign-in");

        // A missing description is refused with an explained error; nothing is sent.
        await requester.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Label = "Password" });
        await requester.GetByLabel("Contact email").FillAsync(email);
        await requester.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        await Expect(requester.GetByRole(AriaRole.Alert)).ToContainTextAsync("This field is required.");

        await requester.GetByLabel("What happened?").FillAsync(Problem);
        await requester.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        await Expect(requester.Heading("Request received")).ToBeVisibleAsync();
        await SaveScreenshotAsync(requester, "sent");

        // The confirmation carries the ticket number and the private link.
        var confirmation = await Portal.Server.Outbox.WaitForAsync(email, started, m => (m.Subject ?? "").EndsWith("We received your support request", StringComparison.Ordinal));
        var number = TicketNumber().Match(confirmation.Subject ?? "").Value;
        Assert.Contains(Problem, confirmation.TextBody, StringComparison.Ordinal);
        var link = Assert.Single(Outbox.Links(confirmation), l => l.AbsolutePath == "/Support/Ticket");
        await requester.GotoAsync(link.ToString());
        await Expect(requester.Heading($"Support request {number}")).ToBeVisibleAsync();
        await Expect(requester.GetByText(Problem)).ToBeVisibleAsync();
        await Expect(requester.Locator(".facts .badge")).ToHaveTextAsync("New");

        // Sasha finds it in the queue (filtered to new password requests) and answers.
        var agent = await NewPageAsync(storageState: await Portal.SignedInStateAsync(Agent));
        await agent.GotoAsync("/");
        await agent.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Support queue" }).ClickAsync();
        await Expect(agent.Heading("Support queue")).ToBeVisibleAsync();
        await agent.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "New" });
        await agent.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Label = "Password" });
        await agent.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await agent.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await Expect(agent.Heading($"Support request {number}")).ToBeVisibleAsync();
        await Expect(agent.GetByText(Problem)).ToBeVisibleAsync();
        await agent.GetByLabel("Your message").FillAsync("We sent a recovery link to your mailbox. It works for one hour.");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Expect(agent.GetByRole(AriaRole.Status).Filter(new() { HasText = "Reply sent" })).ToBeVisibleAsync();
        await Expect(agent.Locator(".facts .badge")).ToHaveTextAsync("Waiting on customer");
        await SaveScreenshotAsync(agent, "agent");

        // From the ticket, the sign-in diagnosis tells Sasha why: no account has this email; the attempt failed as unknown_email.
        await agent.GetByRole(AriaRole.Link, new() { Name = "Sign-in diagnosis" }).Last.ClickAsync();
        await Expect(agent.Heading("Sign-in diagnosis")).ToBeVisibleAsync();
        await Expect(agent.GetByText("No account uses this email.")).ToBeVisibleAsync();
        var attempts = agent.GetByRole(AriaRole.Table);
        await Expect(attempts.GetByRole(AriaRole.Row).Filter(new() { HasText = "unknown_email" })).ToHaveCountAsync(1);
        await SaveScreenshotAsync(agent, "diagnosis");

        // The requester is mailed the answer with a fresh link, reads it and answers back.
        var answer = await Portal.Server.Outbox.WaitForAsync(email, started, m => m.Subject == $"[{number}] Portico support answered your request");
        Assert.Contains("We sent a recovery link to your mailbox.", answer.TextBody, StringComparison.Ordinal);
        var replyLink = Assert.Single(Outbox.Links(answer), l => l.AbsolutePath == "/Support/Ticket");
        await requester.GotoAsync(replyLink.ToString());
        await Expect(requester.GetByText("We sent a recovery link to your mailbox. It works for one hour.")).ToBeVisibleAsync();
        await Expect(requester.GetByText("Portico support (Sasha Support)")).ToBeVisibleAsync();
        await requester.GetByLabel("Your message").FillAsync("Got it, I can sign in again. Thank you!");
        await requester.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Expect(requester.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your reply was added." })).ToBeVisibleAsync();
        await Expect(requester.GetByText("Got it, I can sign in again. Thank you!")).ToBeVisibleAsync();
        await Expect(requester.Locator(".facts .badge")).ToHaveTextAsync("Open");
        await SaveScreenshotAsync(requester);

        // The first link still works; a tampered one does not.
        var tampered = await requester.GotoAsync(link.ToString()[..^2] + "zz");
        Assert.Equal(404, tampered?.Status);
        await Expect(requester.Heading("Link not valid")).ToBeVisibleAsync();
    }

    [GeneratedRegex("PRT-[0-9]{8}")]
    private static partial Regex TicketNumber();
}
