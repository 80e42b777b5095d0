/**
 * The package version, sent in the `User-Agent` header (`effect-clerk/<version>`).
 *
 * @since 0.1.0
 * @category constants
 */
export const version = "0.3.0"
