import Postgres
import Testing

@Suite("PostgresError classification")
struct ErrorTests {
    @Test(arguments: ["08000", "08006", "40001", "40P01", "57P01", "57P02", "57P03", "53300"])
    func transientStates(sqlState: String) {
        #expect(PostgresError(code: .queryFailed, message: "m", sqlState: sqlState).isTransient)
    }

    @Test(arguments: ["23505", "42601", "22P02", "57014", "28P01"])
    func permanentStates(sqlState: String) {
        #expect(!PostgresError(code: .queryFailed, message: "m", sqlState: sqlState).isTransient)
    }

    @Test func connectionCodesAreTransient() {
        #expect(PostgresError(code: .connectionLost, message: "m").isTransient)
        #expect(PostgresError(code: .connectionFailed, message: "m").isTransient)
        #expect(!PostgresError(code: .invalidState, message: "m").isTransient)
    }

    @Test func wrappedTransientErrorStaysTransient() {
        let cause = PostgresError(code: .connectionLost, message: "gone")
        #expect(PostgresError(code: .migrationFailed, message: "m", underlying: cause).isTransient)
    }

    @Test func uniqueViolationAndDescription() {
        let error = PostgresError(code: .queryFailed, message: "duplicate key", sqlState: "23505")
        #expect(error.isUniqueViolation)
        #expect(error.description == "PostgresError.queryFailed [23505]: duplicate key")
        #expect(PostgresError.Code.decodingFailed.description == "decodingFailed")
    }
}
