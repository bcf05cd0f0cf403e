using System.Globalization;
using System.Text;
using PerfRunner.Results;

namespace PerfRunner.Report;

/// <summary>Latency over time (p50 and p99 per one-second window, corrected) as a self-contained SVG.</summary>
public static class SvgChart
{
    private const int Width = 860, Height = 320, Left = 60, Right = 20, Top = 30, Bottom = 40;
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

    public static string Render(RunResult result)
    {
        var runs = result.Runs;
        var seconds = Math.Max(1, runs.Max(r => r.TimeSeries.Count));
        var maxMs = Math.Max(1, runs.SelectMany(r => r.TimeSeries).Select(w => w.P99Ms).DefaultIfEmpty(1).Max());
        var yMax = NiceCeiling(maxMs);
        double X(double s) => Left + s / seconds * (Width - Left - Right);
        double Y(double ms) => Height - Bottom - ms / yMax * (Height - Top - Bottom);
        static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.AppendLine($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" font-family="sans-serif" font-size="11">""");
        svg.AppendLine($"""<rect width="{Width}" height="{Height}" fill="white"/>""");
        svg.AppendLine($"""<text x="{Left}" y="18" font-size="13">Latency per second (from intended send time): {Escape(result.Config.Scenario)} at {F(result.Config.Rate)}/s</text>""");
        var warmup = runs[0].TimeSeries.Count(w => w.Warmup);
        if (warmup > 0)
        {
            svg.AppendLine($"""<rect x="{F(X(0))}" y="{Top}" width="{F(X(warmup) - X(0))}" height="{Height - Top - Bottom}" fill="#eeeeee"/>""");
            svg.AppendLine($"""<text x="{F(X(0) + 4)}" y="{Top + 12}" fill="#777">warm-up</text>""");
        }
        for (var i = 0; i <= 4; i++)
        {
            var ms = yMax * i / 4;
            svg.AppendLine($"""<line x1="{Left}" x2="{Width - Right}" y1="{F(Y(ms))}" y2="{F(Y(ms))}" stroke="#ddd"/>""");
            svg.AppendLine($"""<text x="{Left - 6}" y="{F(Y(ms) + 4)}" text-anchor="end">{F(ms)} ms</text>""");
        }
        var step = Math.Max(1, (int)NiceCeiling(seconds / 10.0));
        for (var s = 0; s <= seconds; s += step)
        {
            svg.AppendLine($"""<text x="{F(X(s))}" y="{Height - Bottom + 16}" text-anchor="middle">{s} s</text>""");
        }
        svg.AppendLine($"""<line x1="{Left}" x2="{Left}" y1="{Top}" y2="{Height - Bottom}" stroke="#333"/>""");
        svg.AppendLine($"""<line x1="{Left}" x2="{Width - Right}" y1="{Height - Bottom}" y2="{Height - Bottom}" stroke="#333"/>""");

        var legendX = Left + 10.0;
        for (var r = 0; r < runs.Count; r++)
        {
            var color = Colors[r % Colors.Length];
            var label = runs.Count > 1 ? $"run {runs[r].Index} " : "";
            foreach (var (name, dash, pick) in new (string, string, Func<Load.WindowPoint, double>)[]
                     { ("p99", "", w => w.P99Ms), ("p50", "4 3", w => w.P50Ms) })
            {
                var points = string.Join(" ", runs[r].TimeSeries.Where(w => w.Completed > 0)
                    .Select(w => $"{F(X(w.Second + 0.5))},{F(Y(pick(w)))}"));
                svg.AppendLine($"""<polyline fill="none" stroke="{color}" stroke-width="1.5" stroke-dasharray="{dash}" points="{points}"/>""");
                svg.AppendLine($"""<line x1="{F(legendX)}" x2="{F(legendX + 18)}" y1="{Height - 8}" y2="{Height - 8}" stroke="{color}" stroke-dasharray="{dash}"/>""");
                svg.AppendLine($"""<text x="{F(legendX + 22)}" y="{Height - 4}">{label}{name}</text>""");
                legendX += 90;
            }
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static double NiceCeiling(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (m * magnitude >= value)
            {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
