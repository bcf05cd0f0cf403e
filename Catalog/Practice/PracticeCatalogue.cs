using System.Globalization;

namespace SuperHeroes.Practice;

/// <summary>
/// The practice bottlenecks: realistic performance defects, each in the code path where it would really live, each
/// off unless switched on with <c>Practice__&lt;Name&gt;=true</c> (on the AppHost, or on the service run alone), so
/// that a user of PerfRunner has something real to find, fix and compare; and the one fault that a defect needs to
/// show (<see cref="FailingVillains"/>, for <see cref="RetryStorm"/>). Compiled into the services and into the
/// AppHost (which hands each switch to its service and refuses an unknown one); it depends on nothing else.
/// </summary>
public static class PracticeCatalogue
{
    public const string Section = "Practice";

    public const string SequentialCalls = nameof(SequentialCalls);
    public const string ConnectionPerRequest = nameof(ConnectionPerRequest);
    public const string ChattyLogging = nameof(ChattyLogging);
    public const string SlowDependency = nameof(SlowDependency);
    public const string RandomByFullScan = nameof(RandomByFullScan);
    public const string UnindexedNameFilter = nameof(UnindexedNameFilter);
    public const string RetryStorm = nameof(RetryStorm);
    public const string FailingVillains = nameof(FailingVillains);

    public const string SlowDependencyMs = nameof(SlowDependencyMs);
    public const string SlowDependencyJitterMs = nameof(SlowDependencyJitterMs);
    public const string FailingVillainsPercent = nameof(FailingVillainsPercent);
    public const string FailingVillainsCapacity = nameof(FailingVillainsCapacity);

    /// <summary>A bottleneck: its switch, the service it lives in, what it does, and its numeric settings with their defaults.</summary>
    public sealed record Bottleneck(string Name, string Service, string Description, IReadOnlyDictionary<string, double>? Settings = null);

    public static readonly IReadOnlyList<Bottleneck> All =
    [
        new(SequentialCalls, "fights", "calls heroes, villains and locations one after the other instead of in parallel"),
        new(ConnectionPerRequest, "fights", "opens a new PostgreSQL connection for every write (no connection pool)"),
        new(ChattyLogging, "fights", "logs every request, every outgoing call and every SQL command at Information to the console"),
        new(SlowDependency, "locations", "answers GET /api/locations/random after an extra delay with jitter",
            new Dictionary<string, double> { [SlowDependencyMs] = 20, [SlowDependencyJitterMs] = 20 }),
        new(RandomByFullScan, "heroes", "picks each random hero with ORDER BY random() over the whole table"),
        new(UnindexedNameFilter, "heroes", "has no trigram index on the name, so a name_filter search reads every hero"),
        new(RetryStorm, "fights",
            "retries a failed call to another service at once and again until the call's 2 s are spent, without a circuit breaker " +
            "(the shipped policy: 3 retries, 50 ms apart and growing, and a breaker that stops calling a failing service)"),
        new(FailingVillains, "villains",
            "fails a share of random villains with 500 and every one beyond its capacity a second with 503: a dependency in " +
            "partial outage that fails more the harder it is pushed (the fault to practise RetryStorm under)",
            new Dictionary<string, double> { [FailingVillainsPercent] = 30, [FailingVillainsCapacity] = 60 }),
    ];

    /// <summary>The bottleneck a setting belongs to: its switch (any case) or one of its numeric settings; null for neither.</summary>
    public static Bottleneck? Find(string key) =>
        All.FirstOrDefault(b => string.Equals(b.Name, key, StringComparison.OrdinalIgnoreCase))
        ?? All.FirstOrDefault(b => b.Settings?.ContainsKey(key) == true);

    /// <summary>
    /// Reads the <c>Practice</c> settings (name → value) for <paramref name="service"/>, or for every service when it
    /// is null: the bottlenecks switched on, their settings, and what is wrong (an unknown name, a value that is not
    /// true/false or not a number). Settings of a bottleneck that is off are checked too; another service's are skipped.
    /// </summary>
    public static PracticeSettings Read(IEnumerable<KeyValuePair<string, string?>> settings, string? service)
    {
        var on = new List<Bottleneck>();
        var numbers = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        foreach (var (key, value) in settings)
        {
            var bottleneck = Find(key);
            if (bottleneck is null)
            {
                errors.Add($"{Section}:{key} is not a practice bottleneck; they are {string.Join(", ", All.Select(b => b.Name))}");
                continue;
            }
            // Another service's switch: a shared environment (the AppHost's, which every process it starts inherits)
            // carries them all, and each service acts on its own.
            if (service is not null && bottleneck.Service != service)
                continue;
            if (!string.Equals(bottleneck.Name, key, StringComparison.OrdinalIgnoreCase))
            {
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0 && double.IsFinite(number))
                    numbers[key] = number;
                else
                    errors.Add($"{Section}:{key} is '{value}'; give a number, 0 or more");
            }
            else if (bool.TryParse(value, out var isOn))
            {
                if (isOn)
                    on.Add(bottleneck);
            }
            else
            {
                errors.Add($"{Section}:{key} is '{value}'; give true or false");
            }
        }
        return new PracticeSettings(on, numbers, errors);
    }
}

/// <summary>What <see cref="PracticeCatalogue.Read"/> found.</summary>
public sealed record PracticeSettings(
    IReadOnlyList<PracticeCatalogue.Bottleneck> On, IReadOnlyDictionary<string, double> Numbers, IReadOnlyList<string> Errors)
{
    public bool IsOn(string name) => On.Any(b => b.Name == name);

    /// <summary>A numeric setting, or its default from the catalogue.</summary>
    public double Number(string name) =>
        Numbers.TryGetValue(name, out var value) ? value
            : PracticeCatalogue.All.Select(b => b.Settings?.GetValueOrDefault(name)).FirstOrDefault(v => v is not null) ?? 0;
}
