using Xunit;

namespace SuperHeroes.Tests;

public static class Uniformity
{
    /// <summary>
    /// Draws <paramref name="draws"/> times and checks with a chi-square test that every id came up about equally
    /// often. The bound is the 0.9999 quantile, so a fair pick fails one run in 10,000 and a pick skewed by id
    /// gaps fails every time.
    /// </summary>
    public static async Task AssertUniformAsync(IReadOnlyCollection<long> ids, Func<Task<long>> draw, int draws = 3000)
    {
        // 0.9999 quantiles of chi-square for 1..9 degrees of freedom.
        double[] bounds = [15.14, 18.42, 21.11, 23.51, 25.74, 27.86, 29.88, 31.83, 33.72];
        Assert.InRange(ids.Count, 2, bounds.Length + 1);
        var counts = ids.ToDictionary(id => id, _ => 0);
        for (var i = 0; i < draws; i++)
        {
            var id = await draw();
            Assert.True(counts.ContainsKey(id), $"drew {id}, which is not one of the stored ids");
            counts[id]++;
        }

        var expected = draws / (double)ids.Count;
        var chiSquare = counts.Values.Sum(observed => (observed - expected) * (observed - expected) / expected);
        Assert.True(chiSquare < bounds[ids.Count - 2], $"chi-square {chiSquare:F1} for counts {string.Join(", ", counts.Values)}");
    }
}
