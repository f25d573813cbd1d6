#!/usr/bin/env bash
# Make sample_transcripts/canada-r2p-2011.ogg: a SYNTHETIC reading of the seed transcript
# (espeak-ng), so the README's first command shows times aligned to a recording. Not the real
# webcast: a chair's introduction the transcript lacks comes first (untranscribed speech), and
# the gap's words are spoken under loud noise, as an inaudible passage is.
# Needs espeak-ng, sox and ffmpeg. Run from the repository's root; then run
#   transcript-review align sample_transcripts/canada-r2p-2011.txt
set -euo pipefail
out=sample_transcripts/canada-r2p-2011.ogg
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() {  # say VOICE RATE FILE TEXT
  espeak-ng -v "$1" -s "$2" -w "$work/raw.wav" "$4"
  sox "$work/raw.wav" -r 16000 -c 1 "$3"
}
pause() { sox -n -r 16000 -c 1 "$2" trim 0 "$1"; }

# Paragraphs of the body, without the uncertain passage's stars; the first is cut at the gap.
mapfile -t paras < <(awk 'BEGIN{RS="";FS="\n"} NR>2 {gsub(/\n/," "); print}' \
  sample_transcripts/canada-r2p-2011.txt | sed 's/\*//g')
say en-gb+m3 150 "$work/00.wav" "I now give the floor to the distinguished representative of Canada."
pause 1.2 "$work/01.wav"
first=${paras[0]%%(inaudible)*}
say en-us 165 "$work/02.wav" "$first"
# The gap: words under noise louder than them.
say en-us 165 "$work/gap-speech.wav" "in our collective efforts"
len=$(soxi -D "$work/gap-speech.wav")
sox -n -r 16000 -c 1 "$work/noise.wav" synth "$len" pinknoise vol 0.6
sox -m "$work/gap-speech.wav" "$work/noise.wav" "$work/03.wav"
n=4
for p in "${paras[@]:1}"; do
  pause 0.9 "$work/$(printf %02d $n).wav"; n=$((n + 1))
  say en-us 165 "$work/$(printf %02d $n).wav" "$p"; n=$((n + 1))
done
pause 1.0 "$work/99.wav"
sox "$work"/[0-9][0-9].wav "$work/all.wav"
ffmpeg -nostdin -loglevel error -y -i "$work/all.wav" -c:a libopus -b:a 20k "$out"
echo "wrote $out ($(soxi -D "$out" 2>/dev/null || echo ?) s)"
