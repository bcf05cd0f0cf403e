using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace PerfRunner.Cli;

/// <summary>Option factories with the value formats PerfRunner accepts ("30s", "500ms", "2m", "5%").</summary>
public static class Parsing
{
    public static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue, bool allowZero = false)
    {
        var option = new Option<TimeSpan>(name)
        {
            Description = description + " (e.g. 30s, 500ms, 2m; a bare number is seconds)",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (TryParseDuration(text, out var value) && (value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero)))
                {
                    return value;
                }
                result.AddError($"{name} '{text}' is not a {(allowZero ? "" : "positive ")}duration such as 30s, 500ms or 2m");
                return default;
            },
        };
        return option;
    }

    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim().ToLowerInvariant();
        var (number, scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ when text.EndsWith('m') => (text[..^1], 60.0),
            _ when text.EndsWith('h') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0 || double.IsInfinity(n) || n * scale > 86_400)
        {
            return false;
        }
        value = TimeSpan.FromSeconds(n * scale);
        return true;
    }

    /// <summary>A percentage: "5%" or "5" both mean five percent.</summary>
    public static Option<double> Percent(string name, string description, double defaultValue)
    {
        return new Option<double>(name)
        {
            Description = description + " (e.g. 5%)",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : "";
                if (double.TryParse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= 1000)
                {
                    return value;
                }
                result.AddError($"{name} '{text}' is not a percentage such as 5%");
                return default;
            },
        };
    }

    public static Option<double> PositiveNumber(string name, string description, double defaultValue)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!(value > 0) || double.IsInfinity(value))
            {
                result.AddError($"{name} must be greater than 0 (got {value.ToString(CultureInfo.InvariantCulture)})");
            }
        });
        return option;
    }

    public static Option<int> PositiveInteger(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{name} must be at least 1");
            }
        });
        return option;
    }

    public static Option<Uri?> Url(string name, string description)
    {
        return new Option<Uri?>(name)
        {
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                {
                    return uri;
                }
                result.AddError($"{name} '{text}' is not an http(s) URL");
                return null;
            },
        };
    }
}
