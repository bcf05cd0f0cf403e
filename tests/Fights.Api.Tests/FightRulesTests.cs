namespace Fights.Api.Tests;

public sealed class FightRulesTests
{
    /// <summary>Answers the two adjustments and the coin it is given, in the order the rule draws them.</summary>
    private sealed class ScriptedRandom(int heroAdjust, int villainAdjust, bool coin) : IFightRandom
    {
        private int _draws;

        public int Next(int bound)
        {
            Assert.Equal(FightRules.AdjustBound, bound);
            return _draws++ == 0 ? heroAdjust : villainAdjust;
        }

        public bool NextBool() => coin;
    }

    // Exact over the 400 equally likely adjustment pairs and both coin sides (the Quarkus rule's published table).
    [Theory]
    [InlineData(-25, 0.0)]
    [InlineData(-19, 0.0)]
    [InlineData(-10, 0.1125)]
    [InlineData(-5, 0.2625)]
    [InlineData(-1, 0.4275)]
    [InlineData(0, 0.7375)]
    [InlineData(1, 0.7625)]
    [InlineData(5, 0.85)]
    [InlineData(10, 0.93125)]
    [InlineData(19, 0.99875)]
    [InlineData(20, 1.0)]
    [InlineData(40, 1.0)]
    public void HeroWinsWithTheQuarkusProbabilityForALevelDifference(int difference, double probability)
    {
        const int villainLevel = 50;
        var wins = 0;
        var outcomes = 0;
        for (var heroAdjust = 0; heroAdjust < FightRules.AdjustBound; heroAdjust++)
            for (var villainAdjust = 0; villainAdjust < FightRules.AdjustBound; villainAdjust++)
                foreach (var coin in new[] { false, true })
                {
                    outcomes++;
                    if (FightRules.HeroWins(villainLevel + difference, villainLevel, new ScriptedRandom(heroAdjust, villainAdjust, coin)))
                        wins++;
                }

        Assert.Equal(probability, wins / (double)outcomes, precision: 10);
    }

    [Fact]
    public void TheCoinDecidesOnlyWhenTheHeroIsNotBehindButLostTheAdjustedComparison()
    {
        Assert.True(FightRules.HeroWins(30, 30, new ScriptedRandom(0, 5, coin: true)));
        Assert.False(FightRules.HeroWins(30, 30, new ScriptedRandom(0, 5, coin: false)));
        Assert.False(FightRules.HeroWins(29, 30, new ScriptedRandom(0, 5, coin: true)));
        Assert.True(FightRules.HeroWins(29, 30, new ScriptedRandom(5, 0, coin: false)));
    }
}
