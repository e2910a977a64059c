import Foundation
import Postgres
import Testing

@Suite("Value round trips through the server", .scratchDatabase)
struct ValueRoundTripTests {
    @Test func everyTypeRoundTripsThroughATable() throws {
        let connection = try ScratchDatabase.require().connect()
        try connection.executeScript("""
            CREATE TABLE every_type (
                id int PRIMARY KEY, s text, n bigint, n32 int, n64 bigint, b boolean,
                d double precision, u uuid, t timestamptz, bytes bytea, data bytea
            )
            """)
        let text = "æøå ÆØÅ — 🎉 'single' \"double\" \\ back\nnew line"
        let uuid = UUID()
        let date = Date(timeIntervalSince1970: 1_801_387_800.123456)
        let bytes = [UInt8](0...255)
        let data = Data([0, 1, 0x7f, 0x80, 0xfe, 0xff])
        try connection.query(
            "INSERT INTO every_type VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            [1, text, Int.max, Int32.min, Int64.min, true, 0.1, uuid, date, bytes, data]
        )
        try connection.query(
            "INSERT INTO every_type VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            [2, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil]
        )

        let rows = try connection.query("SELECT * FROM every_type ORDER BY id")
        #expect(rows.count == 2)
        #expect(rows.columns == ["id", "s", "n", "n32", "n64", "b", "d", "u", "t", "bytes", "data"])
        let row = try #require(rows.first)
        #expect(try row.decode("s", as: String.self) == text)
        #expect(try row.decode("n", as: Int.self) == Int.max)
        #expect(try row.decode("n32", as: Int32.self) == Int32.min)
        #expect(try row.decode("n64", as: Int64.self) == Int64.min)
        #expect(try row.decode("b", as: Bool.self) == true)
        #expect(try row.decode("d", as: Double.self) == 0.1)
        #expect(try row.decode("u", as: UUID.self) == uuid)
        #expect(try row.decode("t", as: Date.self).postgresText == date.postgresText)
        #expect(try row.decode("bytes", as: [UInt8].self) == bytes)
        #expect(try row.decode("data", as: Data.self) == data)
        #expect(!row.isNull("s"))

        let nulls = rows[1]
        for column in ["s", "n", "n32", "n64", "b", "d", "u", "t", "bytes", "data"] {
            #expect(nulls.isNull(column))
        }
        let s: String? = try nulls.decode("s")
        let n: Int? = try nulls.decode("n")
        #expect(s == nil && n == nil)
        #expect(try nulls.decode("n32", as: Int32?.self) == nil)
        #expect(try nulls.decode("n64", as: Int64?.self) == nil)
        #expect(try nulls.decode("b", as: Bool?.self) == nil)
        #expect(try nulls.decode("d", as: Double?.self) == nil)
        #expect(try nulls.decode("u", as: UUID?.self) == nil)
        #expect(try nulls.decode("t", as: Date?.self) == nil)
        #expect(try nulls.decode("bytes", as: [UInt8]?.self) == nil)
        #expect(try nulls.decode("data", as: Data?.self) == nil)
        let nonOptional = #expect(throws: PostgresError.self) { try nulls.decode("n", as: Int.self) }
        #expect(nonOptional?.code == .decodingFailed)
        let inferredOptional: Int? = try row.decode("n")
        let inferredValue: Int = try row.decode("n")
        #expect(inferredOptional == Int.max && inferredValue == Int.max)
    }

    @Test func emptyStringIsNotNull() throws {
        let connection = try ScratchDatabase.require().connect()
        let row = try #require(try connection.query("SELECT $1::text AS empty, $2::text AS missing", ["", nil]).first)
        #expect(try row.decode("empty", as: String?.self) == "")
        #expect(try row.decode("missing", as: String?.self) == nil)
    }

    @Test func missingOrMistypedColumnIsADecodingError() throws {
        let connection = try ScratchDatabase.require().connect()
        let row = try #require(try connection.query("SELECT 'abc'::text AS word").first)
        let missing = #expect(throws: PostgresError.self) { try row.decode("nope", as: String?.self) }
        #expect(missing?.code == .decodingFailed)
        #expect(row.isNull("nope"))
        let mistyped = #expect(throws: PostgresError.self) { try row.decode("word", as: Int.self) }
        #expect(mistyped?.code == .decodingFailed)
        #expect(mistyped?.message.contains("abc") == false)
    }

    @Test(arguments: [0.1, -1.5e300, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, -0.0, 1 / 3.0, .infinity, -.infinity])
    func doublesRoundTripExactly(value: Double) throws {
        let connection = try ScratchDatabase.require().connect()
        let row = try #require(try connection.query("SELECT $1::float8 AS v", [value]).first)
        let decoded = try row.decode("v", as: Double.self)
        #expect(decoded == value && decoded.sign == value.sign)
    }

    @Test func nanRoundTrips() throws {
        let connection = try ScratchDatabase.require().connect()
        let row = try #require(try connection.query("SELECT $1::float8 AS v", [Double.nan]).first)
        #expect(try row.decode("v", as: Double.self).isNaN)
    }

    @Test func integersAndBooleansThroughServerTypes() throws {
        let connection = try ScratchDatabase.require().connect()
        let row = try #require(try connection.query(
            "SELECT $1::int4 AS a, $2::int8 AS b, $3::bool AS c, $4::bool AS d, $5::int8 AS e",
            [Int32.max, Int64.max, true, false, Int.min]
        ).first)
        #expect(try row.decode("a", as: Int32.self) == .max)
        #expect(try row.decode("b", as: Int64.self) == .max)
        #expect(try row.decode("c", as: Bool.self))
        #expect(try !row.decode("d", as: Bool.self))
        #expect(try row.decode("e", as: Int.self) == .min)
    }

    @Test func byteaHoldsAllByteValues() throws {
        let connection = try ScratchDatabase.require().connect()
        let bytes = [UInt8](0...255) + [UInt8](0...255).reversed()
        let row = try #require(try connection.query(
            "SELECT $1::bytea AS b, length($1::bytea) AS n, get_byte($1::bytea, 0) AS first, get_byte($1::bytea, 255) AS last, $2::bytea AS d",
            [bytes, Data(bytes)]
        ).first)
        #expect(try row.decode("n", as: Int.self) == 512)
        #expect(try row.decode("first", as: Int.self) == 0)
        #expect(try row.decode("last", as: Int.self) == 255)
        #expect(try row.decode("b", as: [UInt8].self) == bytes)
        #expect(try row.decode("d", as: Data.self) == Data(bytes))
    }

    @Test func timestamptzKeepsMicroseconds() throws {
        let connection = try ScratchDatabase.require().connect()
        let date = try Date(postgresText: "2027-01-31 09:30:00.123456+00")
        let row = try #require(try connection.query(
            "SELECT $1::timestamptz AS t, $1::timestamptz::text AS text, '2027-01-31 10:30:00.000001+01'::timestamptz AS literal, extract(microseconds FROM $1::timestamptz) AS micros",
            [date]
        ).first)
        #expect(try row.decode("text", as: String.self) == "2027-01-31 09:30:00.123456+00")
        #expect(try row.decode("micros", as: String.self) == "123456")
        let decoded = try row.decode("t", as: Date.self)
        #expect(decoded == date)
        #expect(decoded.postgresText == "2027-01-31T09:30:00.123456Z")
        #expect(try row.decode("literal", as: Date.self).postgresText == "2027-01-31T09:30:00.000001Z")
    }

    @Test(arguments: [Date.distantPast, Date.distantFuture, Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1.5)])
    func extremeDatesRoundTrip(date: Date) throws {
        let connection = try ScratchDatabase.require().connect()
        let row = try #require(try connection.query("SELECT $1::timestamptz AS t", [date]).first)
        #expect(try row.decode("t", as: Date.self).postgresText == date.postgresText)
    }

    @Test func uuidIsSentLowercaseAndComparesAsUUID() throws {
        let connection = try ScratchDatabase.require().connect()
        let uuid = UUID()
        let row = try #require(try connection.query("SELECT $1::uuid::text AS text, $1::uuid = $2::uuid AS same", [uuid, uuid.uuidString]).first)
        #expect(try row.decode("text", as: String.self) == uuid.uuidString.lowercased())
        #expect(try row.decode("same", as: Bool.self))
    }
}
