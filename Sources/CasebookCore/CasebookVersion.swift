public enum CasebookVersion { public static let string = "0.3.0" }
