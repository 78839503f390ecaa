package io.celebaspark.fs;

/**
 * A command was to create a folder that exists already, and left it untouched ({@link HadoopFiles#requireAbsent}).
 * A refusal of the input, not a failure: the message names the folder and what to do.
 */
public final class FolderExistsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    FolderExistsException(String what, String folder, String whatToDo) {
        super(what + " " + folder + " exists already: " + whatToDo);
    }
}
