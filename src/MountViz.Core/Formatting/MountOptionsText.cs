namespace MountViz.Core.Formatting;

/// <summary>Mount option strings as findmnt shows them.</summary>
public static class MountOptionsText
{
    /// <summary>
    /// The per-mount (VFS) options and the superblock options merged as libmount's
    /// <c>merge_optstr</c> does for findmnt's OPTIONS column: one <c>ro</c>/<c>rw</c> flag first
    /// (<c>ro</c> when either side is read-only), then the remaining VFS options, then the
    /// remaining superblock options.
    /// </summary>
    public static string Merge(string vfsOptions, string superOptions)
    {
        ArgumentNullException.ThrowIfNull(vfsOptions);
        ArgumentNullException.ThrowIfNull(superOptions);
        if (vfsOptions == superOptions)
        {
            return vfsOptions;
        }

        List<string> options = [.. Split(vfsOptions), .. Split(superOptions)];

        // libmount removes up to two "rw" and, unless both were "rw", up to two flags in all.
        int rw = Remove(options, "rw") + Remove(options, "rw");
        int ro = 0;
        if (rw != 2)
        {
            ro += Remove(options, "ro");
            if (ro + rw < 2)
            {
                ro += Remove(options, "ro");
            }
        }

        options.Insert(0, ro > 0 ? "ro" : "rw");
        return string.Join(',', options);
    }

    /// <summary>Splits at commas that are not inside double quotes (SELinux <c>context="a,b"</c>).</summary>
    internal static List<string> Split(string options)
    {
        var result = new List<string>();
        if (options.Length == 0)
        {
            return result;
        }

        int start = 0;
        bool quoted = false;
        for (int i = 0; i < options.Length; i++)
        {
            if (options[i] == '"')
            {
                quoted = !quoted;
            }
            else if (options[i] == ',' && !quoted)
            {
                result.Add(options[start..i]);
                start = i + 1;
            }
        }

        result.Add(options[start..]);
        return result;
    }

    /// <summary>Removes the first option named <paramref name="name"/> (with or without a value); 1 when found.</summary>
    private static int Remove(List<string> options, string name)
    {
        for (int i = 0; i < options.Count; i++)
        {
            string option = options[i];
            if (option == name || (option.Length > name.Length && option[name.Length] == '=' && option.StartsWith(name, StringComparison.Ordinal)))
            {
                options.RemoveAt(i);
                return 1;
            }
        }

        return 0;
    }
}
