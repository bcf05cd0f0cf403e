namespace Fights.Api;

/// <summary>A stored fight, as every endpoint answers it.</summary>
public sealed record Fight(
    long Id,
    DateTime FightDate,
    string WinnerName,
    int WinnerLevel,
    string? WinnerPowers,
    string WinnerPicture,
    string LoserName,
    int LoserLevel,
    string? LoserPowers,
    string LoserPicture,
    string WinnerTeam,
    string LoserTeam,
    FightLocation? Location);

/// <summary>A hero or a villain as a fight sees it.</summary>
public sealed record Fighter(string? Name, int? Level, string? Picture, string? Powers);

public sealed record FightLocation(string? Name, string? Description, string? Picture);

public sealed record Fighters(Fighter Hero, Fighter Villain);

public sealed record FightRequest(Fighter? Hero, Fighter? Villain, FightLocation? Location);

public static class Teams
{
    public const string Heroes = "heroes";
    public const string Villains = "villains";
}

/// <summary>What a fight shows when a downstream service is down, slow or empty.</summary>
public static class Fallbacks
{
    public static readonly Fighter Hero = new("Fallback hero", 1, "https://pictures.superheroes.local/fallback/hero.png", "Fallback hero powers");
    public static readonly Fighter Villain = new("Fallback villain", 45, "https://pictures.superheroes.local/fallback/villain.png", "Fallback villain powers");
    public static readonly FightLocation Location = new("Fallback location",
        "This is a fallback location. Not generally someplace you'd like to visit.",
        "https://pictures.superheroes.local/fallback/location.png");
}
