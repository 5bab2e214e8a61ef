// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "healthcity",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "healthcity", targets: ["healthcity"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // SHA-256 for token digests in the account use cases (Vapor already builds it).
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        // Property-based generators for the importer fuzz tests (a test dependency only).
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        // Notifications: group-robot webhooks over HTTP(S) and a small SMTP client on NIO (both already built by Vapor).
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
    ],
    targets: [
        // Files: csv, xlsx, docx, zip, xml, yaml, plan documents as numbered lines. Depends on nothing of ours.
        .target(name: "Formats", dependencies: [
            .product(name: "Yams", package: "Yams"),
            // .docx and .xlsx files are zip archives, read in memory and written.
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Pure model, rules and parsing: no web or database imports.
        .target(name: "Domain", dependencies: [
            "Formats",
            .product(name: "Yams", package: "Yams"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            // HMAC-SHA256 signatures of the DingTalk and Feishu robot messages.
            .product(name: "Crypto", package: "swift-crypto"),
        ], exclude: ["Surveys/README.md"]),
        .target(name: "Persistence", dependencies: [
            "Domain",
            .product(name: "Fluent", package: "fluent"),
            .product(name: "FluentKit", package: "fluent-kit"),
            .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
            .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            .product(name: "SQLKit", package: "sql-kit"),
        ]),
        // The composition root and the use cases the web and the command line share.
        .target(name: "Core", dependencies: [
            "Domain", "Persistence",
            .product(name: "Fluent", package: "fluent"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .target(name: "Web", dependencies: [
            "Core", "Domain", "Persistence",
            .product(name: "Vapor", package: "vapor"),
            .product(name: "Fluent", package: "fluent"),
            .product(name: "Plot", package: "Plot"),
        ], resources: [.copy("Resources")]),
        .target(name: "CLI", dependencies: [
            "Core", "Domain", "Persistence", "Web",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Vapor", package: "vapor"),
        ]),
        .executableTarget(name: "healthcity", dependencies: ["CLI"]),
        // Shared by the test targets: per-test databases on SQLite and PostgreSQL, repository paths.
        .target(name: "TestSupport", dependencies: [
            "Domain", "Persistence",
            .product(name: "VaporTesting", package: "vapor"),
            .product(name: "Fluent", package: "fluent"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], path: "Tests/TestSupport"),
        .testTarget(name: "FormatsTests", dependencies: [
            "Formats", "TestSupport",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .testTarget(name: "DomainTests", dependencies: [
            "Domain", "Formats", "TestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "PersistenceTests", dependencies: [
            "Domain", "Persistence", "TestSupport",
            .product(name: "VaporTesting", package: "vapor"),
        ]),
        .testTarget(name: "WebTests", dependencies: [
            // The command line too: a test checks that it gives the same verdicts as the pages.
            "CLI", "Core", "Domain", "Formats", "Persistence", "Web", "TestSupport",
            .product(name: "VaporTesting", package: "vapor"),
        ]),
        .testTarget(name: "CLITests", dependencies: ["CLI", "Core", "Domain", "Formats", "Persistence", "TestSupport"]),
    ]
)
