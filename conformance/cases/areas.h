// The areas of the named cases: one function per area file, each appending
// that area's cases to a CaseList. all_cases.cc calls every one of them;
// a new area needs a line here, one there and its file in BUILD.
// README.md describes the areas and the id scheme.
#ifndef ASYNCHAT_CONFORMANCE_CASES_AREAS_H_
#define ASYNCHAT_CONFORMANCE_CASES_AREAS_H_

#include "conformance/cases/case_list.h"

namespace conformance::cases {

void AddTerminatorCases(CaseList& list);  // terminator.*: string terminators
void AddIntegerCases(CaseList& list);     // integer.*: integer terminators
void AddNoneCases(CaseList& list);        // none.*: None, "" (and their neighbours)
void AddReactionCases(CaseList& list);    // reaction.*: what found_terminator does to the rest of the input
void AddOutputCases(CaseList& list);      // output.*: push, out_buffer splitting, typed pushes
void AddProducerCases(CaseList& list);    // producer.*: push_with_producer and more()
void AddCloseCases(CaseList& list);       // close.*: close_when_done, close, eof, events after close
void AddSendCases(CaseList& list);        // send.*: partial sends, would-block and errors on send
void AddErrorCases(CaseList& list);       // error.*: recv errors and handle_error
void AddEscapeCases(CaseList& list);      // error.escape.*: where an exception goes, compared by meaning
void AddFaultCases(CaseList& list);       // fault.*: scripted faults at every point of an exchange
void AddConnectCases(CaseList& list);     // connect.*: connected=0 channels
void AddPushObjectCases(CaseList& list);  // push.object.*, producer.bytes.*, log.*: format-2 pushes and logging
void AddDefaultsCases(CaseList& list);    // defaults.*: the documented default buffer sizes
void AddDocumentedCases(CaseList& list);  // documented.*: the documents' own examples
void AddObserveCases(CaseList& list);     // observe.*: version-2 recv sizes and handle_close entries
void AddPollCases(CaseList& list);        // poll.*: readable() and writable() of async_chat (format 2)
void AddReactionV2Cases(CaseList& list);  // reaction.connect.*, reaction.handle_close.*: inside those callbacks (format 2)
void AddListenerCases(CaseList& list);    // listener.*: listening dispatchers and accept (format 2)

}  // namespace conformance::cases

#endif  // ASYNCHAT_CONFORMANCE_CASES_AREAS_H_
