/// The version of Casebook: in `--version`, in the build cache (a cache from another version is not trusted).
public enum CasebookVersion {
    public static let string = "0.3.0"
}
