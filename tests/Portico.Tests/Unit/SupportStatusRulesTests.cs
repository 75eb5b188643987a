using Portico.Web.Features.Operator;
using Portico.Web.Features.Support;

namespace Portico.Tests.Unit;

public sealed class SupportStatusRulesTests
{
    [Theory]
    [InlineData(SupportRequestStatus.New, SupportRequestStatus.Open, true)]
    [InlineData(SupportRequestStatus.New, SupportRequestStatus.WaitingOnCustomer, true)]
    [InlineData(SupportRequestStatus.New, SupportRequestStatus.Resolved, true)]
    [InlineData(SupportRequestStatus.New, SupportRequestStatus.Closed, true)]
    [InlineData(SupportRequestStatus.Open, SupportRequestStatus.WaitingOnCustomer, true)]
    [InlineData(SupportRequestStatus.WaitingOnCustomer, SupportRequestStatus.Open, true)]
    [InlineData(SupportRequestStatus.Resolved, SupportRequestStatus.Open, true)]
    [InlineData(SupportRequestStatus.Resolved, SupportRequestStatus.Closed, true)]
    [InlineData(SupportRequestStatus.Open, SupportRequestStatus.New, false)]
    [InlineData(SupportRequestStatus.Resolved, SupportRequestStatus.New, false)]
    [InlineData(SupportRequestStatus.Open, SupportRequestStatus.Open, false)]
    [InlineData(SupportRequestStatus.Closed, SupportRequestStatus.Open, false)]
    [InlineData(SupportRequestStatus.Closed, SupportRequestStatus.Closed, false)]
    public void CanMove_FollowsTheTicketLifecycle(SupportRequestStatus from, SupportRequestStatus to, bool allowed) =>
        Assert.Equal(allowed, SupportService.CanMove(from, to));

    [Theory]
    [InlineData("Open", SupportRequestStatus.Open)]
    [InlineData("waitingoncustomer", SupportRequestStatus.WaitingOnCustomer)]
    [InlineData("1", null)]
    [InlineData("Escalated", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ParseStatus_AcceptsNamesOnly(string? value, SupportRequestStatus? expected) =>
        Assert.Equal(expected, OperatorApi.ParseStatus(value));

    [Theory]
    [InlineData("sign-in", true)]
    [InlineData("billing", true)]
    [InlineData("Billing", false)]
    [InlineData("refunds", false)]
    [InlineData(null, false)]
    public void IsCategory_KnowsTheContractIds(string? value, bool expected) =>
        Assert.Equal(expected, SupportCategories.IsCategory(value));
}
