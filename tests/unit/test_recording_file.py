"""The encrypted recording container and the keyring: round trip, and a clear error for each bad input."""

from __future__ import annotations

import json
import os

import pytest

from bot.store.recording_file import ChunkWriter, Header, RecordingError, TruncatedRecording, decrypt
from bot.store.recording_keys import Keyring, RecordingKeyError, new_data_key


def _write(path, key, file_id, chunks, *, close=True):
    writer = ChunkWriter(path, key, Header(file_id, 16000, 2))
    for chunk in chunks[:-1]:
        writer.append(chunk)
    if close:
        writer.close(chunks[-1])
    else:
        writer.append(chunks[-1])
        writer.abandon()
    return path.read_bytes()


def test_round_trip_and_no_plain_audio_in_the_file(tmp_path):
    key, file_id = new_data_key()
    chunks = [os.urandom(64000), b"\x01\x02" * 32000, b"tail"]
    data = _write(tmp_path / "a.ccrec", key, file_id, chunks)
    header, plain = decrypt(data, key, "a.ccrec")
    assert plain == b"".join(chunks)
    assert (header.sample_rate, header.channels, header.file_id) == (16000, 2, file_id)
    assert chunks[1][:64] not in data and chunks[0][:64] not in data
    assert oct(os.stat(tmp_path / "a.ccrec").st_mode & 0o777) == "0o600"


def test_wrong_key_is_refused(tmp_path):
    key, file_id = new_data_key()
    data = _write(tmp_path / "a.ccrec", key, file_id, [b"x" * 100, b""])
    with pytest.raises(RecordingError, match=r"chunk 0 .* does not authenticate"):
        decrypt(data, new_data_key()[0], "a.ccrec")


def test_truncation_is_detected_and_what_authenticated_is_kept(tmp_path):
    key, file_id = new_data_key()
    chunks = [b"a" * 1000, b"b" * 1000, b"c" * 1000]
    crashed = _write(tmp_path / "crash.ccrec", key, file_id, chunks, close=False)  # no final chunk
    with pytest.raises(TruncatedRecording, match="without its final chunk") as info:
        decrypt(crashed, key, "crash.ccrec")
    assert info.value.readable == b"".join(chunks)
    whole = _write(tmp_path / "whole.ccrec", key, file_id, chunks)
    for cut in (len(whole) - 1, len(whole) - 20, len(whole) - 1016 - 1020, 40):
        with pytest.raises(TruncatedRecording):
            decrypt(whole[:cut], key, "whole.ccrec")
    # dropping the final chunk exactly is still a truncation (the last chunk left is not marked final)
    with pytest.raises(TruncatedRecording) as info:
        decrypt(whole[: len(whole) - (4 + 16 + 1000)], key, "whole.ccrec")
    assert info.value.readable == b"a" * 1000 + b"b" * 1000


@pytest.mark.parametrize("where", [30, 200, -5])
def test_tampering_is_detected(tmp_path, where):
    key, file_id = new_data_key()
    data = bytearray(_write(tmp_path / "a.ccrec", key, file_id, [b"a" * 1000, b"b" * 1000]))
    data[where] ^= 1
    with pytest.raises(RecordingError, match=r"does not authenticate|impossible length"):
        decrypt(bytes(data), key, "a.ccrec")


def test_chunks_cannot_be_swapped_or_moved_between_files(tmp_path):
    key, file_id = new_data_key()
    data = _write(tmp_path / "a.ccrec", key, file_id, [b"a" * 100, b"b" * 100, b""])
    head, rest = data[:28], data[28:]
    first, second = rest[: 4 + 116], rest[4 + 116 : 2 * (4 + 116)]
    swapped = head + second + first + rest[2 * (4 + 116) :]
    with pytest.raises(RecordingError, match="chunk 0"):
        decrypt(swapped, key, "a.ccrec")
    other_id = bytes(16)
    with pytest.raises(RecordingError):
        decrypt(data[:6] + other_id + data[22:], key, "a.ccrec")


def test_not_a_recording(tmp_path):
    with pytest.raises(RecordingError, match="not a Clearcall recording"):
        decrypt(b"RIFF....WAVEfmt ", b"k" * 32, "x.wav")


def test_keyring_wraps_rotates_and_retires(tmp_path):
    path = tmp_path / "keys.json"
    ring = Keyring.ensure(path)
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    data_key, file_id = new_data_key()
    key_id, wrapped = ring.wrap(data_key, file_id)
    assert Keyring.load(path).unwrap(key_id, wrapped, file_id) == data_key
    with pytest.raises(RecordingKeyError, match="does not open"):
        ring.unwrap(key_id, wrapped, bytes(16))  # wrapped for another file
    old = ring.current
    new = ring.add_key()
    new_wrapped = ring.wrap(data_key, file_id)
    ring.retire(old)
    ring.save()
    again = Keyring.load(path)
    assert again.current == new and again.unwrap(*new_wrapped, file_id) == data_key
    with pytest.raises(RecordingKeyError, match="retired"):
        again.unwrap(old, wrapped, file_id)


def test_keyring_errors_name_the_file_and_field(tmp_path):
    path = tmp_path / "keys.json"
    with pytest.raises(RecordingKeyError, match=r"no recording keyring: run `clearcall secrets`"):
        Keyring.load(path)
    path.write_text("{not json")
    with pytest.raises(RecordingKeyError, match=r"keys\.json: the recording keyring cannot be read"):
        Keyring.load(path)
    Keyring.ensure(tmp_path / "good.json")
    raw = json.loads((tmp_path / "good.json").read_text())
    raw["keys"][raw["current"]]["key"] = "AAAA"
    path.write_text(json.dumps(raw))
    with pytest.raises(RecordingKeyError, match=rf"keys\.{raw['current']}\.key has 3 bytes"):
        Keyring.load(path)
    raw["keys"][raw["current"]]["key"] = "%%%"
    path.write_text(json.dumps(raw))
    with pytest.raises(RecordingKeyError, match="not base64"):
        Keyring.load(path)
    other = Keyring.ensure(tmp_path / "other.json")
    ring = Keyring.load(tmp_path / "good.json")
    data_key, file_id = new_data_key()
    key_id, wrapped = ring.wrap(data_key, file_id)
    other.keys[key_id] = other.keys[other.current]  # same id, different material: a wrong key
    with pytest.raises(RecordingKeyError, match="wrong or corrupt key"):
        other.unwrap(key_id, wrapped, file_id)
