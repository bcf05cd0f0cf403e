namespace SuperHeroes.Catalog;

public static class LikePattern
{
    /// <summary>A case-insensitive "contains" pattern in which <c>%</c>, <c>_</c> and <c>\</c> match themselves.</summary>
    public static string Contains(string text) =>
        "%" + text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
}
