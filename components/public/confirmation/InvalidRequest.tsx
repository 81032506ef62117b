import Link from 'next/link';

/** The confirmation link is expired, incomplete or forged: start again, kindly. */
export function InvalidRequest() {
  return (
    <div className="row">
      <div className="col-lg-8">
        <h1 className="mb-3">La richiesta non è più valida</h1>
        <p className="lead">Il collegamento è scaduto oppure non è completo. Le richieste valgono 48 ore. Compila di nuovo il modulo: bastano pochi minuti.</p>
        <Link className="btn btn-primary btn-lg" href="/iscriviti">
          Compila di nuovo il modulo
        </Link>
      </div>
    </div>
  );
}
