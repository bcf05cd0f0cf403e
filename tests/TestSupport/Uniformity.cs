using Xunit;

namespace SuperHeroes.Tests;

public static class Uniformity
{
    /// <summary>
    /// Draws <paramref name="draws"/> times and checks with a chi-square test that every id came up about equally
    /// often. The bound is the 1 - 10⁻⁷ quantile, so a fair pick fails one run in ten million, and a pick skewed by
    /// id gaps still fails every time (the gaps of <c>RandomPickIsUniformWhateverTheIdGaps</c> give the Python
    /// system's pick a chi-square near 2,100 at 3,000 draws, against a bound of 38). With the 0.9999 quantile a fair pick
    /// failed now and then across the suite's many runs.
    /// </summary>
    public static async Task AssertUniformAsync(IReadOnlyCollection<long> ids, Func<Task<long>> draw, int draws = 3000)
    {
        // 1 - 10⁻⁷ quantiles of chi-square for 1..9 degrees of freedom.
        double[] bounds = [28.37, 32.24, 35.41, 38.24, 40.86, 43.34, 45.70, 47.97, 50.17];
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
