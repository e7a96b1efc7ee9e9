// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Casebook",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "casebook", targets: ["casebook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // SHA-256 for cache keys: OpenSSL's libcrypto (Sources/CasebookRender/SHA256.swift says why not swift-crypto).
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // swift-mustache 2.1.1 (Apache-2.0), vendored with the changes listed in Vendor/swift-mustache/PATCHES.md.
        .target(name: "Mustache", path: "Vendor/swift-mustache/Sources/Mustache"),
        .testTarget(name: "MustacheTests", dependencies: ["Mustache"], path: "Vendor/swift-mustache/Tests/MustacheTests",
                    exclude: ["specs"]),
        .target(name: "CasebookCore"),
        .target(name: "CasebookParse", dependencies: ["CasebookCore"]),
        .target(name: "CasebookEnrich", dependencies: ["CasebookCore"]),
        .target(name: "CasebookMarkdown", dependencies: ["CCmarkGFM"]),
        .target(name: "CasebookTemplates", dependencies: [
            "CasebookCore",
            "Mustache",
        ]),
        .target(name: "CasebookRender", dependencies: [
            "CasebookCore", "CasebookMarkdown", "CasebookTemplates", "CLibCrypto",
        ]),
        .target(name: "CasebookBuild", dependencies: [
            "CasebookCore", "CasebookParse", "CasebookEnrich", "CasebookMarkdown", "CasebookRender", "CasebookTemplates",
            .product(name: "Yams", package: "Yams"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .target(name: "CasebookCLI", dependencies: [
            "CasebookBuild", "CasebookCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "FlyingFox", package: "FlyingFox"),
        ], plugins: ["BuildInfo"]),
        // Records the commit of the build for `casebook --version` (a generated BuildCommit.swift).
        .plugin(name: "BuildInfo", capability: .buildTool()),
        .executableTarget(name: "casebook", dependencies: ["CasebookCLI"]),
        .testTarget(
            name: "CasebookTests",
            dependencies: ["CasebookCore", "CasebookParse", "CasebookEnrich", "CasebookMarkdown",
                           "CasebookTemplates", "CasebookRender", "CasebookBuild", "CasebookCLI",
                           .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                           .product(name: "Yams", package: "Yams")],
            exclude: []
        ),
    ]
)
