using Portico.Web.Features.Designations;

namespace Portico.Tests.Designations;

/// <summary>The partner capability score arithmetic (no host): points per unit, caps, the passing score and the one-point minimum per metric.</summary>
public sealed class DesignationScoringTests
{
    private static readonly ScoringRules Rules = ScoringRules.Default;

    [Fact]
    public void Default_IsPartnerCentersShape_30_40_30_Passing70()
    {
        Assert.Equal(100, Rules.Metrics.Sum(m => m.MaxPoints));
        Assert.Equal((70, 1, 12), (Rules.PassingScore, Rules.MinimumPerMetric, Rules.LookbackMonths));
        Assert.Equal([30, 40, 30], Rules.Metrics.Select(m => m.MaxPoints));
        Assert.Equal([DesignationMetric.Performance, DesignationMetric.Skilling, DesignationMetric.CustomerSuccess], Rules.Metrics.Select(m => m.Metric));
    }

    [Theory]
    [InlineData(6, 3, 3, 69, false, 1)]
    [InlineData(3, 5, 3, 70, true, 0)]
    [InlineData(6, 4, 1, 67, false, 3)]
    [InlineData(6, 5, 6, 100, true, 0)]
    [InlineData(1, 5, 5, 70, true, 0)]
    public void Score_AroundThePassingScore_MeetsFrom70(int deals, int people, int deployments, int total, bool met, int missing)
    {
        var score = Rules.Score(deals, people, deployments);

        Assert.Equal(total, score.Total);
        Assert.Equal(met, score.Met);
        Assert.Equal(missing, score.MissingPoints);
    }

    [Fact]
    public void Score_ZeroInOneMetric_IsNotMetEvenAbove70()
    {
        var score = Rules.Score(wonDeals: 0, certifiedPeople: 5, deployments: 6);

        Assert.Equal(70, score.Total);
        Assert.False(score.Met);
        Assert.Equal(0, score.MissingPoints);
        var performance = score.Metrics.Single(m => m.Metric == DesignationMetric.Performance);
        Assert.Equal((0, 1, 30), (performance.Points, performance.Missing, performance.Available));
        Assert.All(score.Metrics.Where(m => m.Metric != DesignationMetric.Performance), m => Assert.Equal(0, m.Missing));
    }

    [Fact]
    public void Score_CountsBeyondTheCap_GiveNoMorePoints()
    {
        var score = Rules.Score(wonDeals: 50, certifiedPeople: 1000, deployments: int.MaxValue);

        Assert.Equal([30, 40, 30], score.Metrics.Select(m => m.Points));
        Assert.Equal([50, 1000, int.MaxValue], score.Metrics.Select(m => m.Count));
        Assert.All(score.Metrics, m => Assert.Equal(0, m.Available));
        Assert.Equal((100, 100, true), (score.Total, score.MaxTotal, score.Met));
    }

    [Fact]
    public void Score_Nothing_IsZeroWithEveryMetricMissing()
    {
        var score = Rules.Score(0, 0, 0);

        Assert.Equal((0, false, 70), (score.Total, score.Met, score.MissingPoints));
        Assert.All(score.Metrics, m => Assert.Equal(1, m.Missing));
        Assert.Equal([5, 8, 5], score.Metrics.Select(m => m.PointsPerUnit));
    }

    [Fact]
    public void Score_OtherRules_UseTheirOwnNumbers()
    {
        var strict = Rules with { PassingScore = 90, MinimumPerMetric = 10 };

        Assert.False(strict.Score(1, 5, 6).Met);
        Assert.Equal(5, strict.Score(1, 5, 6).Metrics[0].Missing);
        Assert.True(strict.Score(2, 5, 6).Met is false && strict.Score(4, 5, 6).Met);
    }

    [Fact]
    public void Catalog_HasSixAreasEachWithCertifications()
    {
        Assert.Equal(6, SolutionAreas.All.Count);
        Assert.All(SolutionAreas.All, area => Assert.True(SolutionAreas.Certifications.Count(c => c.SolutionArea == area) >= 2));
        Assert.Equal(SolutionAreas.Certifications.Count, SolutionAreas.Certifications.Select(c => c.Id).Distinct().Count());
        Assert.True(SolutionAreas.TryParse("ModernWork", out var area) && area == SolutionArea.ModernWork);
        Assert.False(SolutionAreas.TryParse("modernwork", out _));
        Assert.False(SolutionAreas.TryParse("4", out _));
        Assert.False(SolutionAreas.TryParse(null, out _));
    }
}
