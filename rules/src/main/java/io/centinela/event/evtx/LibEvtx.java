package io.centinela.event.evtx;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Direct JNA mapping of the libevtx (libevtx.so.1) functions the reader needs, declared from the public C API
 * ({@code include/libevtx.h.in} of libyal/libevtx). Every pointer, {@code size_t} included (LP64 only, checked by
 * {@link EvtxLibrary}), travels as a {@code long}; out-parameters are addresses of 8-byte native cells. Every
 * function returns 1 on success and -1 on error (the error is then set and must be freed), except where noted.
 *
 * <p>Do not touch this class before {@link EvtxLibrary#load()} succeeded: it registers the natives once.
 */
final class LibEvtx {

    private LibEvtx() {
    }

    static void register(NativeLibrary library) {
        Native.register(LibEvtx.class, library);
    }

    /** const char *libevtx_get_version(void). */
    static native long libevtx_get_version();

    /** int libevtx_get_access_flags_read(void): the flags for {@link #libevtx_file_open}. */
    static native int libevtx_get_access_flags_read();

    /** void libevtx_error_free(libevtx_error_t **error). */
    static native void libevtx_error_free(long errorCell);

    /** int libevtx_error_sprint(libevtx_error_t *error, char *string, size_t size): characters printed or -1. */
    static native int libevtx_error_sprint(long error, long string, long size);

    /** int libevtx_file_initialize(libevtx_file_t **file, libevtx_error_t **error); *file must be NULL. */
    static native int libevtx_file_initialize(long fileCell, long errorCell);

    /** int libevtx_file_free(libevtx_file_t **file, libevtx_error_t **error). */
    static native int libevtx_file_free(long fileCell, long errorCell);

    /** int libevtx_file_open(libevtx_file_t *file, const char *filename, int access_flags, libevtx_error_t **error). */
    static native int libevtx_file_open(long file, long filename, int accessFlags, long errorCell);

    /** int libevtx_file_close(libevtx_file_t *file, libevtx_error_t **error): 0 on success. */
    static native int libevtx_file_close(long file, long errorCell);

    /** int libevtx_file_get_number_of_records(libevtx_file_t *file, int *number_of_records, libevtx_error_t **error). */
    static native int libevtx_file_get_number_of_records(long file, long countCell, long errorCell);

    /** int libevtx_file_get_record_by_index(libevtx_file_t *file, int index, libevtx_record_t **record, error). */
    static native int libevtx_file_get_record_by_index(long file, int index, long recordCell, long errorCell);

    /** int libevtx_file_get_number_of_recovered_records(libevtx_file_t *file, int *number_of_records, error). */
    static native int libevtx_file_get_number_of_recovered_records(long file, long countCell, long errorCell);

    /** int libevtx_file_get_recovered_record_by_index(libevtx_file_t *file, int index, libevtx_record_t **record, error). */
    static native int libevtx_file_get_recovered_record_by_index(long file, int index, long recordCell, long errorCell);

    /** int libevtx_record_free(libevtx_record_t **record, libevtx_error_t **error). */
    static native int libevtx_record_free(long recordCell, long errorCell);

    /** int libevtx_record_get_utf8_xml_string_size(libevtx_record_t *record, size_t *size, error): size with the NUL. */
    static native int libevtx_record_get_utf8_xml_string_size(long record, long sizeCell, long errorCell);

    /** int libevtx_record_get_utf8_xml_string(libevtx_record_t *record, uint8_t *string, size_t size, error). */
    static native int libevtx_record_get_utf8_xml_string(long record, long string, long size, long errorCell);
}
