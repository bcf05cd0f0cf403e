namespace Fights.Api;

/// <summary>The random draws of a fight; tests replace it to make fights deterministic.</summary>
public interface IFightRandom
{
    /// <summary>An integer in [0, <paramref name="bound"/>).</summary>
    int Next(int bound);

    bool NextBool();
}

public sealed class SharedFightRandom : IFightRandom
{
    public int Next(int bound) => Random.Shared.Next(bound);
    public bool NextBool() => Random.Shared.Next(2) == 1;
}

/// <summary>
/// The Quarkus rule: each side adds a draw in [0, 19] to its level; the hero wins when strictly ahead after that;
/// otherwise the villain wins when its level is higher; otherwise a coin decides. Equal levels give the hero
/// 73.75 %, a hero 20 or more levels ahead always wins, a villain 19 or more ahead always wins.
/// </summary>
public static class FightRules
{
    public const int AdjustBound = 20;

    public static bool HeroWins(int heroLevel, int villainLevel, IFightRandom random)
    {
        var heroAdjust = random.Next(AdjustBound);
        var villainAdjust = random.Next(AdjustBound);
        if (heroLevel + heroAdjust > villainLevel + villainAdjust)
            return true;
        if (heroLevel < villainLevel)
            return false;
        return random.NextBool();
    }
}
